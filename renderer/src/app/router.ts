import { useSyncExternalStore } from 'react';

/** The app's views; each has a stable URL, so the script's address (/ha-dashboard) and reloads work. */
export const routes = {
  stack: '/',
  haDashboard: '/ha-dashboard',
  grafana: '/grafana',
  presenter: '/presenter',
  /** Full screen, without the top bar: the projector or the second display. */
  audience: '/audience',
  logs: '/logs',
  preflight: '/preflight',
  chaos: '/chaos',
} as const;
export type RoutePath = (typeof routes)[keyof typeof routes];

const listeners = new Set<() => void>();
window.addEventListener('popstate', () => listeners.forEach((notify) => notify()));

export function navigate(path: RoutePath): void {
  if (window.location.pathname === path) return;
  window.history.pushState(null, '', path);
  listeners.forEach((notify) => notify());
}

export function usePathname(): string {
  return useSyncExternalStore(
    (notify) => {
      listeners.add(notify);
      return () => listeners.delete(notify);
    },
    () => window.location.pathname,
  );
}
