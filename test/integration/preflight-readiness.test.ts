import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterEach, describe, expect, it } from 'vitest';
import { imagesCheck } from '../../electron/core/preflight/checks/engine';
import { portsCheck } from '../../electron/core/preflight/checks/ports';
import type { CheckDefinition } from '../../electron/core/preflight/check';
import { PreflightService } from '../../electron/core/preflight/preflight-service';
import { PROJECT, STACK_DIR } from '../support/compose';

const root = join(import.meta.dirname, '..', '..');
// Port 47: nothing listens there, and fetch does not refuse it as a "bad port" (9 is one).
const closed = 'http://127.0.0.1:47';

function service(checks: CheckDefinition[]): PreflightService {
  return new PreflightService({
    context: {
      compose: { stackDir: STACK_DIR, project: PROJECT },
      docker: new Docker({ socketPath: '/var/run/docker.sock' }),
      engineUrl: 'unix:///var/run/docker.sock',
      endpoints: { prometheusUrl: closed, loadgenUrl: closed, analyticsUrl: closed, grafanaUrl: closed },
      now: Date.now,
    },
    reportDir: join(root, 'test-results', 'preflight'),
    checks,
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Compose reads the stack's port and image variables from the environment before its env files. */
function overrideEnv(values: Record<string, string>): void {
  for (const [key, value] of Object.entries(values)) {
    saved.push([key, process.env[key]]);
    process.env[key] = value;
  }
}
const saved: Array<[string, string | undefined]> = [];
let listener: ChildProcess | undefined;

afterEach(() => {
  listener?.kill();
  listener = undefined;
  for (const [key, value] of saved.splice(0).reverse()) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe('pre-flight readiness on the real engine', () => {
  it('names the foreign process that holds one of the stack ports', async () => {
    const port = await freePort();
    // Prometheus moved to a port a foreign program holds, as GRAFANA_PORT=3000 would be on a dev laptop.
    overrideEnv({ PROMETHEUS_PORT: String(port) });
    listener = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'ignore'] });
    await waitUntil(async () => !(await portIsFree(port)));

    const report = await service([portsCheck]).run();
    const ports = report.checks.find((check) => check.id === 'ports')!;
    expect(ports.status).toBe('fail');
    expect(ports.measured).toContain(`${port} (prometheus) von Prozess ${listener.pid}`);
    expect(ports.measured).toContain('http.server');
    expect(ports.reason).toMatch(/belegt/);
    expect(report.gate.ready).toBe(false);
  });

  it('reports a stack image that is not on this machine as missing, with the build (or, before it, the download) as fix', async () => {
    overrideEnv({ LOADGEN_IMAGE: 'ha-demo-test/preflight-missing:0' });
    const report = await service([imagesCheck]).run();
    const images = report.checks.find((check) => check.id === 'images')!;
    expect(images.status).toBe('fail');
    // Other stack images may be missing too (a fresh machine runs this before building them); ours must be named.
    expect(images.measured).toMatch(/^\d+ von \d+ fehlen: .*ha-demo-test\/preflight-missing:0/);
    expect(images.reason).toContain('kein Netz');
    // Before the first `npm run stack:images` the machine has no local build recipe yet: the fix fetches instead.
    const builtLocally = existsSync(join(STACK_DIR, '.env.local'));
    expect(images.fix?.label).toBe(builtLocally ? 'Images bauen' : 'Images laden');
  });

  it('`npm run preflight` prints the table and exits non-zero when a check fails', async () => {
    // A project that is not running and endpoints where nothing listens: the script's items fail.
    const { code, stdout } = await runPreflight({
      HA_DEMO_PROJECT: `preflight-cli-${process.pid}`,
      HA_DEMO_PROMETHEUS_URL: closed,
      HA_DEMO_LOADGEN_URL: closed,
      HA_DEMO_ANALYTICS_URL: closed,
      HA_DEMO_GRAFANA_URL: closed,
    });
    expect(code).toBe(1);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^Status\s+Prüfung\s+Messwert$/);
    expect(lines).toContainEqual(expect.stringMatching(/^FEHLER\s+Lasttest zeigt > 50 RPS\s+Lastgenerator nicht erreichbar$/));
    expect(lines).toContainEqual(expect.stringMatching(/^OK\s+Docker Engine erreichbar\s+Docker \d/));
    expect(lines).toContainEqual(expect.stringMatching(/^NICHT PRÜFBAR\s+Bildschirme: Beamer erkannt\s+nicht prüfbar auf der Kommandozeile$/));
    expect(stdout).toContain('→ Behebung: Stack starten (npm run stack:up)');
    expect(lines.at(-2)).toMatch(/^Nicht bereit: \d+ Prüfungen fehlgeschlagen/);
  }, 180_000);
});

function runPreflight(env: Record<string, string>): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'scripts', 'preflight.mjs')], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout }));
  });
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
