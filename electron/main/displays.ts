import { screen } from 'electron';
import type { DisplayInfo } from '../core/preflight/check';

/** The displays as the pre-flight reports them; asked lazily, after the app is ready. */
export function listDisplays(): DisplayInfo[] {
  const primary = screen.getPrimaryDisplay();
  return screen.getAllDisplays().map((display) => ({
    id: String(display.id),
    label: display.label || `${display.size.width}×${display.size.height}`,
    width: display.size.width,
    height: display.size.height,
    primary: display.id === primary.id,
    internal: display.internal,
  }));
}
