import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startWebMode } from '../support/web-mode';

const root = join(import.meta.dirname, '..', '..');

function electronBinaryPresent(): boolean {
  const pathFile = join(root, 'node_modules', 'electron', 'path.txt');
  return existsSync(pathFile) && existsSync(join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8')));
}

// Only meaningful where Electron's binary is missing (the build machines): elsewhere npm start opens the window.
describe.skipIf(electronBinaryPresent())('npm start without the Electron binary', () => {
  it('says so in one line and serves web mode instead', async () => {
    const app = await startWebMode({ ELECTRON_SKIP_BINARY_DOWNLOAD: '1', HA_DEMO_PROJECT: 'it-start-none' }, [join(root, 'scripts', 'start.mjs')]);
    try {
      const lines = app.output().trim().split('\n');
      expect(lines[0]).toMatch(/^Electron ist hier nicht verfügbar .* Web-Modus/);
      expect(lines[1]).toContain(`${app.url}/ha-dashboard`);
      const page = await fetch(`${app.url}/ha-dashboard`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
    } finally {
      await app.stop();
    }
  });
});

describe('npm run serve', () => {
  it('builds and serves web mode with the script’s /ha-dashboard route', async () => {
    const npmCli = process.env.npm_execpath ?? realpathSync(execFileSync('which', ['npm'], { encoding: 'utf8' }).trim());
    const app = await startWebMode({ HA_DEMO_PROJECT: 'it-serve-none' }, [npmCli, 'run', 'serve']);
    try {
      const page = await fetch(`${app.url}/ha-dashboard`);
      expect(page.status).toBe(200);
    } finally {
      await app.stop();
    }
  });
});
