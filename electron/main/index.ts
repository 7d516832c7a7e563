import { join } from 'node:path';
import { app, BrowserWindow, session, shell } from 'electron';
import { createAppCore } from '../core/app-core';
import { serveApiOverIpc } from './api-transport';
import { manageAudienceWindow } from './audience-window';
import { listDisplays } from './displays';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { isAppUrl, isExternalWebUrl } from './navigation-policy';
import { APP_ORIGIN, secureWebPreferences } from './window-options';

const devServerUrl = process.env.ELECTRON_RENDERER_URL;
// Packaged, stack/ and slides/ are unpacked next to the asar archive: docker compose and the MDX compiler
// need real files.
const appRoot = app.isPackaged ? join(process.resourcesPath, 'app.asar.unpacked') : join(import.meta.dirname, '..', '..');
const core = createAppCore({ version: app.getVersion(), stackDir: join(appRoot, 'stack'), slidesDir: join(appRoot, 'slides'), sessionFile: join(app.getPath('userData'), 'presentation-session.json'), displays: listDisplays });

registerAppScheme();

function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    title: 'HA-Demo Presenter',
    backgroundColor: '#0b1020',
    show: false,
    webPreferences: secureWebPreferences(join(import.meta.dirname, '../preload/index.cjs')),
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(devServerUrl ?? `${APP_ORIGIN}/`);
  return window;
}

function lockDownNavigation(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url, devServerUrl)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isExternalWebUrl(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}

app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  lockDownNavigation();
  serveRenderer(join(import.meta.dirname, '../renderer'), core.endpoints.grafanaUrl);
  serveApiOverIpc(core, () => BrowserWindow.getAllWindows(), devServerUrl);
  void core.start();
  createMainWindow();
  manageAudienceWindow((path) => new URL(path, devServerUrl ?? `${APP_ORIGIN}/`).toString(), join(import.meta.dirname, '../preload/index.cjs'));
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow();
  });
});

app.on('window-all-closed', () => {
  core.stop();
  if (process.platform !== 'darwin') app.quit();
});
