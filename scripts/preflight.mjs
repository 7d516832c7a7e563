#!/usr/bin/env node
// `npm run preflight [-- --track 15 --report bericht.md --json]`: the pre-flight checks of the app's
// "Pre-flight" view, printed as the same table. Builds the Node side first when its sources are newer than
// the build, so the command never runs stale checks. Exit code: 0 ready, 1 a check failed, 2 not all checkable.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'out', 'main', 'preflight.js');

function newestSource(dir) {
  let newest = 0;
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, item.name);
    newest = Math.max(newest, item.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const builtAt = (() => {
  try {
    return statSync(entry).mtimeMs;
  } catch {
    return 0;
  }
})();
if (builtAt < newestSource(join(root, 'electron'))) {
  console.error('Pre-flight: baue die App (electron-vite build) …');
  const build = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const run = spawnSync(process.execPath, [entry, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 1);
