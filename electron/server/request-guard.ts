/**
 * Web mode listens on loopback only, but a page on any website can still make the browser talk to
 * 127.0.0.1 (DNS rebinding, cross-site requests). So every request must name our own host, and a request
 * that carries an Origin must come from our own origin.
 */
export interface GuardVerdict {
  allowed: boolean;
  detail?: string;
}

export function allowedHostsFor(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}

export function checkRequest(headers: { host?: string; origin?: string }, allowedHosts: ReadonlySet<string>): GuardVerdict {
  const host = headers.host?.toLowerCase();
  if (!host || !allowedHosts.has(host)) {
    return { allowed: false, detail: `Host "${headers.host ?? ''}" is not this server; use http://127.0.0.1 with its port.` };
  }
  if (headers.origin !== undefined) {
    let originHost: string;
    try {
      const origin = new URL(headers.origin);
      originHost = origin.protocol === 'http:' ? origin.host.toLowerCase() : '';
    } catch {
      originHost = '';
    }
    if (!allowedHosts.has(originHost)) {
      return { allowed: false, detail: `Origin "${headers.origin}" may not call this server.` };
    }
  }
  return { allowed: true };
}
