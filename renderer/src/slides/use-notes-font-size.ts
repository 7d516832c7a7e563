import { useCallback, useState } from 'react';

const KEY = 'ha-demo.presenter.notes-font-size';
const DEFAULT = 24;
const MIN = 14;
const MAX = 56;

/** The notes' font size, remembered per machine: the presenter sets it once for their eyes and their screen. */
export function useNotesFontSize(): [number, (size: number) => void] {
  const [size, setSize] = useState(() => {
    const stored = Number(localStorage.getItem(KEY));
    return Number.isFinite(stored) && stored >= MIN && stored <= MAX ? stored : DEFAULT;
  });
  const update = useCallback((next: number) => {
    const clamped = Math.min(MAX, Math.max(MIN, next));
    localStorage.setItem(KEY, String(clamped));
    setSize(clamped);
  }, []);
  return [size, update];
}
