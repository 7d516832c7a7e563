import { BrowserWindow, screen, type Display } from 'electron';
import { secureWebPreferences } from './window-options';

/**
 * The audience window: full screen on the second display whenever there is one — opened when a projector is
 * plugged in, closed when it goes. It is just the /audience route; it follows the presenter through the API.
 */
export function manageAudienceWindow(appUrl: (path: string) => string, preloadPath: string): void {
  let window: BrowserWindow | undefined;

  const externalDisplay = (): Display | undefined => {
    const primary = screen.getPrimaryDisplay();
    return screen.getAllDisplays().find((display) => display.id !== primary.id);
  };

  const sync = () => {
    const display = externalDisplay();
    if (!display) {
      window?.close();
      return;
    }
    if (window && !window.isDestroyed()) {
      window.setBounds(display.bounds);
      return;
    }
    window = new BrowserWindow({
      ...display.bounds,
      title: 'HA-Demo – Publikum',
      backgroundColor: '#000000',
      fullscreen: true,
      autoHideMenuBar: true,
      webPreferences: secureWebPreferences(preloadPath),
    });
    window.on('closed', () => (window = undefined));
    void window.loadURL(appUrl('/audience'));
  };

  screen.on('display-added', sync);
  screen.on('display-removed', sync);
  sync();
}
