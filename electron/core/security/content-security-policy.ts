/**
 * One Content-Security-Policy for the UI in both shells (Electron's app:// protocol and web mode).
 * Grafana is the only foreign origin, and only as a frame.
 */
export function contentSecurityPolicy(options: { grafanaOrigins?: readonly string[] } = {}): string {
  const frames = options.grafanaOrigins?.length ? options.grafanaOrigins.join(' ') : "'none'";
  return [
    "default-src 'self'",
    "script-src 'self'",
    // recharts and React set inline style attributes; no inline scripts are allowed.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    `frame-src ${frames}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Grafana may be framed under either loopback name. */
export function grafanaFrameOrigins(grafanaUrl: string): string[] {
  const { port, protocol } = new URL(grafanaUrl);
  return [`${protocol}//127.0.0.1:${port}`, `${protocol}//localhost:${port}`];
}
