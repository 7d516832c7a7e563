import type { WebPreferences } from 'electron';

/**
 * The renderer is treated as untrusted content: no Node, isolated context, OS sandbox, no <webview>.
 * Each setting is spelled out even where it is Electron's default, so a future default change or a
 * careless edit shows up in review and in the security test.
 */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    safeDialogs: true,
    spellcheck: false,
  };
}

/** The custom scheme the UI is served from (never file://). */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://renderer`;
