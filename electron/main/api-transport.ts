import { ipcMain, type BrowserWindow, type WebFrameMain } from 'electron';
import { RPCHandler } from '@orpc/server/message-port';
import { router } from '../core/api/router';
import type { AppCore } from '../core/app-core';
import { isAppUrl } from './navigation-policy';

export const CONNECT_CHANNEL = 'ha-demo:api-connect';

/**
 * The desktop transport: the renderer hands over one end of a MessageChannel, and the same router as web mode
 * serves it. Only the main frame of one of our own windows, showing our own UI, may connect.
 */
export function serveApiOverIpc(core: AppCore, windows: () => BrowserWindow[], devServerUrl?: string): void {
  const handler = new RPCHandler(router);
  const isTrusted = (frame: WebFrameMain | null) =>
    frame !== null &&
    windows().some((window) => window.webContents.mainFrame === frame) &&
    isAppUrl(frame.url, devServerUrl);

  ipcMain.on(CONNECT_CHANNEL, (event) => {
    const [port] = event.ports;
    if (!port || !isTrusted(event.senderFrame)) {
      port?.close();
      return;
    }
    handler.upgrade(port, { context: { core, transport: 'electron-ipc' } });
    port.start();
  });
}
