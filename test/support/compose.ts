import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { composeBaseArgs } from '../../electron/core/stack/compose-cli';

const run = promisify(execFile);
export const STACK_DIR = join(import.meta.dirname, '..', '..', 'stack');
export const PROJECT = 'ha-demo';

/** `docker compose` on the real demo stack, exactly as the app calls it. */
export async function compose(...args: string[]): Promise<string> {
  const { stdout } = await run('docker', [...composeBaseArgs({ stackDir: STACK_DIR, project: PROJECT }), ...args], { maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

export async function containerIds(service: string): Promise<string[]> {
  return (await compose('ps', '-q', service)).split('\n').filter(Boolean);
}

export async function stackDown(): Promise<void> {
  await compose('--profile', '*', 'down', '--remove-orphans', '--volumes', '--timeout', '15');
}
