import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const stackDir = join(repoRoot, 'stack');
export const project = 'ha-demo';

/** Host ports of the stack, honouring the same overrides as compose.yaml. */
export const ports = {
  lb: Number(process.env.LB_PORT ?? 8080),
  analytics: Number(process.env.ANALYTICS_PORT ?? 8083),
  stats: Number(process.env.HAPROXY_STATS_PORT ?? 8404),
  loadgen: Number(process.env.LOADGEN_PORT ?? 8089),
};
export const lbUrl = `http://127.0.0.1:${ports.lb}`;

/** `docker compose` as stack.sh calls it: the committed .env, then the local image choice when there is one. */
export async function compose(...args: string[]): Promise<string> {
  const envFiles = ['.env', '.env.local']
    .map((name) => join(stackDir, name))
    .filter((file) => existsSync(file))
    .flatMap((file) => ['--env-file', file]);
  const { stdout } = await run('docker', ['compose', ...envFiles, '-f', join(stackDir, 'compose.yaml'), ...args], {
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

/** Runs stack/scripts/stack.sh like `npm run stack:<command>` does; rejects when it fails. */
export async function stackScript(command: 'up' | 'down' | 'status'): Promise<{ stdout: string; stderr: string }> {
  return run('bash', [join(stackDir, 'scripts', 'stack.sh'), command], {
    cwd: repoRoot,
    maxBuffer: 16 * 1024 * 1024,
    timeout: 600_000,
  });
}

export interface ContainerState {
  name: string;
  service: string;
  state: string;
  health: string;
}

/** The project's containers as plain `docker compose ps` reports them (no bookkeeping of our own). */
export async function containers(): Promise<ContainerState[]> {
  const { stdout } = await run('docker', ['compose', '-f', join(stackDir, 'compose.yaml'), 'ps', '-a', '--format', 'json']);
  // Compose prints one JSON object per line (older versions: one array).
  const rows: Array<Record<string, string>> = stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => {
      const parsed = JSON.parse(line) as Record<string, string> | Array<Record<string, string>>;
      return Array.isArray(parsed) ? parsed : [parsed];
    });
  return rows.map((row) => ({
    name: row.Name ?? '',
    service: row.Service ?? '',
    state: row.State ?? '',
    health: row.Health ?? '',
  }));
}

export async function allHealthy(): Promise<boolean> {
  const list = await containers();
  return list.length > 0 && list.every((c) => c.state === 'running' && c.health === 'healthy');
}

/** Brings the stack up unless every container already runs healthy (cheap when the global setup did it). */
export async function ensureStackUp(): Promise<void> {
  if (await allHealthy()) return;
  await stackScript('up');
}

export async function dockerOutput(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run('docker', args, { maxBuffer: 16 * 1024 * 1024 });
}

export async function docker(...args: string[]): Promise<string> {
  return (await dockerOutput(...args)).stdout;
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000, everyMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}

/** Waits until a container reports healthy again (after a stop/start in a test). */
export async function waitHealthy(container: string, timeoutMs = 120_000): Promise<void> {
  await waitFor(`${container} healthy`, async () => {
    const health = (await docker('inspect', '-f', '{{.State.Health.Status}}', container)).trim();
    return health === 'healthy' ? true : undefined;
  }, timeoutMs, 1000);
}

/** Per-server counters from HAProxy's stats CSV, e.g. total sessions of every product-service replica. */
export async function haproxyServers(backend: string): Promise<Array<{ server: string; status: string; sessions: number }>> {
  const response = await fetch(`http://127.0.0.1:${ports.stats}/stats;csv`);
  const [header, ...lines] = (await response.text()).trim().split('\n');
  const columns = (header ?? '').replace(/^# /, '').split(',');
  const at = (name: string) => columns.indexOf(name);
  return lines
    .map((line) => line.split(','))
    .filter((cells) => cells[at('pxname')] === backend && !['FRONTEND', 'BACKEND'].includes(cells[at('svname')] ?? ''))
    .map((cells) => ({
      server: cells[at('svname')] ?? '',
      status: cells[at('status')] ?? '',
      sessions: Number(cells[at('stot')] ?? 0),
    }));
}
