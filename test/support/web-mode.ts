import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

export interface RunningWebMode {
  url: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts the built web-mode server as a user would, on a free port, and waits for the URL it prints. */
export async function startWebMode(env: NodeJS.ProcessEnv = {}, command: string[] = [join(root, 'out', 'main', 'web-server.js')]): Promise<RunningWebMode> {
  const child: ChildProcess = spawn(process.execPath, command, {
    cwd: root,
    env: { ...process.env, HA_DEMO_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: `npm run serve` starts the server as a grandchild that must stop with it.
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web mode did not start within 60 s:\n${output}`)), 60_000);
    const check = () => {
      const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0].replace(/\/$/, ''));
      }
    };
    child.stdout?.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web mode exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        process.kill(-child.pid!, 'SIGTERM');
      }),
  };
}
