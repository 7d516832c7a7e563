import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { contentSecurityPolicy } from '../../electron/core/security/content-security-policy';
import { isAppUrl, isExternalWebUrl } from '../../electron/main/navigation-policy';
import { secureWebPreferences } from '../../electron/main/window-options';

const root = join(import.meta.dirname, '..', '..');
const source = (path: string) => readFile(join(root, path), 'utf8');

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(join(root, dir), { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.ts')).map((entry) => join(entry.parentPath, entry.name));
}

// Checks the Electron security checklist statically: the Electron binary cannot run on the build machines.
describe('Electron security checklist', () => {
  it('creates windows with every hardening switch set explicitly', async () => {
    expect(secureWebPreferences('/p/preload.cjs')).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    });
    const main = await source('electron/main/index.ts');
    expect(main).toMatch(/webPreferences: secureWebPreferences\(/);
    expect(main).not.toMatch(/loadFile\(|file:\/\//);
  });

  it('denies navigation, new windows, webviews and permission requests', async () => {
    const main = await source('electron/main/index.ts');
    expect(main).toMatch(/'will-navigate'/);
    expect(main).toMatch(/setWindowOpenHandler\([\s\S]*action: 'deny'/);
    expect(main).toMatch(/'will-attach-webview'/);
    expect(main).toMatch(/setPermissionRequestHandler\([\s\S]*?callback\(false\)\)/);
    expect(isAppUrl('app://renderer/ha-dashboard')).toBe(true);
    expect(isAppUrl('https://evil.example/')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isExternalWebUrl('javascript:alert(1)')).toBe(false);
  });

  it('accepts the API transport only from a trusted main frame', async () => {
    const transport = await source('electron/main/api-transport.ts');
    expect(transport).toMatch(/mainFrame === frame/);
    expect(transport).toMatch(/isAppUrl\(frame\.url/);
  });

  it('exposes only the transport handshake from the preload, never ipcRenderer', async () => {
    const preload = await source('electron/preload/index.ts');
    const exposed = [...preload.matchAll(/exposeInMainWorld\('(\w+)', ([^;]+)\)/g)];
    expect(exposed).toHaveLength(1);
    expect(exposed[0]?.[2]).toBe('{ connectMessage: CONNECT_MESSAGE }');
  });

  it('serves a strict CSP: no inline or eval scripts, no foreign connections', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("object-src 'none'");
  });

  it('flips the security fuses when packaging', async () => {
    const config = parse(await source('electron-builder.yml'));
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    expect(config.asar).toBe(true);
  });

  it('keeps Electron out of the domain core', async () => {
    for (const file of await filesUnder('electron/core')) {
      expect(await readFile(file, 'utf8'), file).not.toMatch(/from ['"]electron['"]|require\(['"]electron['"]\)/);
    }
  });
});
