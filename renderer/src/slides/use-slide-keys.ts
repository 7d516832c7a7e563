import { useEffect, useRef } from 'react';
import type { SessionCommand } from '../../../electron/core/contract/slides';

export interface SlideKeyHandlers {
  command(command: SessionCommand): void;
  toggleFullscreen(): void;
  toggleOverview?(): void;
  openGoto?(): void;
  toggleHelp?(): void;
  /** Swallow F5 / Ctrl+R / Cmd+R so a stray key cannot reload the view mid-talk. */
  guardReload?: boolean;
}

/**
 * The talk's keys, whatever element has focus (except while typing into a field). Presenter remotes send
 * PageUp/PageDown and, for "blank screen", B or `.`; reveal.js's key codes for those remotes are handled too.
 */
export function useSlideKeys(handlers: SlideKeyHandlers): void {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const h = latest.current;
      if (h.guardReload && (event.key === 'F5' || ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'r'))) {
        event.preventDefault();
        return;
      }
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable="true"]')) return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const action = keyAction(event);
      if (!action) return;
      event.preventDefault();
      switch (action) {
        case 'next':
          return h.command({ type: 'next' });
        case 'prev':
          return h.command({ type: 'prev' });
        case 'blackout':
          return h.command({ type: 'blackout' });
        case 'fullscreen':
          return h.toggleFullscreen();
        case 'overview':
          return h.toggleOverview?.();
        case 'goto':
          return h.openGoto?.();
        case 'help':
          return h.toggleHelp?.();
      }
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, []);
}

type KeyAction = 'next' | 'prev' | 'blackout' | 'fullscreen' | 'overview' | 'goto' | 'help';

function keyAction(event: KeyboardEvent): KeyAction | undefined {
  switch (event.key) {
    case 'ArrowRight':
    case 'PageDown':
    case ' ':
      return event.shiftKey && event.key === ' ' ? 'prev' : 'next';
    case 'ArrowLeft':
    case 'PageUp':
      return 'prev';
    // reveal.js's remote codes 58, 59, 66, 86, 190, 191.
    case 'b':
    case 'B':
    case '.':
    case ':':
    case ';':
    case 'v':
    case 'V':
    case '/':
      return 'blackout';
    case 'f':
    case 'F':
      return 'fullscreen';
    case 'o':
    case 'O':
      return 'overview';
    case 'g':
    case 'G':
      return 'goto';
    case '?':
      return 'help';
  }
  return undefined;
}

export function toggleFullscreen(): void {
  if (document.fullscreenElement) void document.exitFullscreen();
  else void document.documentElement.requestFullscreen().catch(() => undefined);
}

export const KEY_HELP: [string, string][] = [
  ['→  Leertaste  Bild ↓', 'Nächste Folie'],
  ['←  Bild ↑', 'Vorige Folie'],
  ['B  .', 'Bildschirm schwarz / zurück'],
  ['F', 'Vollbild'],
  ['O', 'Übersicht aller Folien'],
  ['G', 'Gehe zu Folie …'],
  ['?', 'Diese Hilfe'],
];
