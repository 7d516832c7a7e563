import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { userServiceKeyFileEntryPoint } from '../lib/user-service-entrypoint.js';

// Runs the real entry point under sh with `java` standing in for the JVM: it reports what the
// user service would see (its key file setting, the file's content, whether the raw secret leaked).
const bin = mkdtempSync(path.join(tmpdir(), 'entrypoint-'));
writeFileSync(path.join(bin, 'java'), [
  '#!/bin/sh',
  'echo "args=$*"',
  'echo "file=${JWT_PRIVATE_KEY_FILE:-none}"',
  'echo "raw=${JWT_PRIVATE_KEY:-unset}"',
  '[ -n "$JWT_PRIVATE_KEY_FILE" ] && cat "$JWT_PRIVATE_KEY_FILE" && stat -c "mode=%a" "$JWT_PRIVATE_KEY_FILE"',
  'exit 0',
].join('\n'));
chmodSync(path.join(bin, 'java'), 0o755);
after(() => {
  rmSync(bin, { recursive: true, force: true });
  rmSync('/tmp/jwt-signing-key.pem', { force: true });
});

const run = (secret: string) => {
  const [shell, flag] = userServiceKeyFileEntryPoint.entryPoint;
  return execFileSync(shell, [flag, ...userServiceKeyFileEntryPoint.command], {
    env: { PATH: `${bin}:/usr/bin:/bin`, JWT_PRIVATE_KEY: secret },
    encoding: 'utf8',
  });
};

describe('user service entry point', () => {
  it('hands a PEM secret to the service as a private key file and drops the variable', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----';
    const out = run(pem);
    assert.match(out, /^args=.*-jar \/app\/user-service\.jar$/m);
    assert.match(out, /^file=\/tmp\/jwt-signing-key\.pem$/m);
    assert.match(out, /^raw=unset$/m);
    assert.ok(out.includes(pem));
    assert.match(out, /^mode=600$/m);
  });

  it('leaves the key to the service\'s shared table key while the secret holds no PEM yet', () => {
    const out = run('generatedPlaceholder123');
    assert.match(out, /^file=none$/m);
    assert.match(out, /^raw=unset$/m);
  });
});
