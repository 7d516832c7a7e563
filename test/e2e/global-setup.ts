import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** The tests run what a user runs: the built app. */
export default function globalSetup(): void {
  const root = join(import.meta.dirname, '..', '..');
  execFileSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
