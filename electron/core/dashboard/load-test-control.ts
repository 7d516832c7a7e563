import type { LoadTest } from '../contract';
import { describeFetchError, fetchJson } from './http-json';

export class LoadTestUnavailableError extends Error {}

/** Start, stop and rate of the stack's load generator, through its HTTP API (no restart needed). */
export class LoadTestControl {
  constructor(private readonly baseUrl: string) {}

  status(): Promise<LoadTest> {
    return this.call('GET', '/api/v1/loadgen/status');
  }

  async configure(targetRps: number): Promise<LoadTest> {
    await this.call('PUT', '/api/v1/loadgen/config', { targetRps });
    return this.status();
  }

  async start(): Promise<LoadTest> {
    await this.call('POST', '/api/v1/loadgen/start');
    return this.status();
  }

  async stop(): Promise<LoadTest> {
    await this.call('POST', '/api/v1/loadgen/stop');
    return this.status();
  }

  /** After "Demo starten": the script says the load test runs by itself, so make sure it does. */
  async ensureRunning(): Promise<void> {
    const status = await this.status();
    if (!status.running) await this.start();
  }

  private async call(method: string, path: string, body?: unknown): Promise<LoadTest> {
    try {
      const status = await fetchJson<LoadTest>(`${this.baseUrl}${path}`, {
        method,
        headers: body ? { 'content-type': 'application/json' } : undefined,
        body: body ? JSON.stringify(body) : undefined,
        timeoutMs: 3_000,
      });
      return { running: Boolean(status.running), targetRps: Number(status.targetRps ?? 0), achievedRps: Number(status.achievedRps ?? 0) };
    } catch (error) {
      throw new LoadTestUnavailableError(`Lastgenerator nicht erreichbar (${this.baseUrl}): ${describeFetchError(error)}`);
    }
  }
}
