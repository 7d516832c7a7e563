import { fetchJson } from '../dashboard/http-json';

export interface ToxiproxyProxy {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
  toxics: { name: string; type: string }[];
}

/** Toxiproxy's HTTP API (published on 127.0.0.1:8474): latency and cut connections without netem. */
export class ToxiproxyClient {
  constructor(readonly baseUrl: string) {}

  async proxies(): Promise<ToxiproxyProxy[]> {
    const byName = await fetchJson<Record<string, ToxiproxyProxy>>(`${this.baseUrl}/proxies`, { timeoutMs: 2_000 });
    return Object.values(byName).sort((a, b) => a.name.localeCompare(b.name));
  }

  async addLatency(proxy: string, toxic: string, latencyMs: number, jitterMs: number): Promise<void> {
    await this.send('POST', `/proxies/${encodeURIComponent(proxy)}/toxics`, {
      name: toxic,
      type: 'latency',
      stream: 'downstream',
      toxicity: 1,
      attributes: { latency: latencyMs, jitter: jitterMs },
    });
  }

  /** Removing a toxic that is already gone is success: reverts must be repeatable. */
  async removeToxic(proxy: string, toxic: string): Promise<void> {
    const response = await fetch(`${this.baseUrl}/proxies/${encodeURIComponent(proxy)}/toxics/${encodeURIComponent(toxic)}`, {
      method: 'DELETE',
      signal: AbortSignal.timeout(2_000),
    });
    if (!response.ok && response.status !== 404) throw new Error(`Toxiproxy: ${response.status} beim Entfernen von ${toxic}`);
  }

  async setEnabled(proxy: string, enabled: boolean): Promise<void> {
    await this.send('POST', `/proxies/${encodeURIComponent(proxy)}`, { enabled });
  }

  /** Every proxy enabled, every toxic removed: Toxiproxy's own baseline. */
  async reset(): Promise<void> {
    const response = await fetch(`${this.baseUrl}/reset`, { method: 'POST', signal: AbortSignal.timeout(2_000) });
    if (!response.ok) throw new Error(`Toxiproxy: ${response.status} bei /reset`);
  }

  private async send(method: string, path: string, body: unknown): Promise<void> {
    await fetchJson(`${this.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      timeoutMs: 2_000,
    });
  }
}
