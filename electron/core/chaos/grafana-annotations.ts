/**
 * Posts chaos events as Grafana annotations, so the dashboards show when a fault began and ended. Grafana is
 * optional (it cannot run on every machine): when it does not answer, nothing is posted and nothing fails.
 */
export class GrafanaAnnotations {
  private reachableUntil = 0;
  private unreachableUntil = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly credentials: { user: string; password: string },
  ) {}

  async post(text: string, tags: string[], at = new Date()): Promise<boolean> {
    if (Date.now() < this.unreachableUntil) return false;
    try {
      const response = await fetch(`${this.baseUrl}/api/annotations`, {
        method: 'POST',
        signal: AbortSignal.timeout(1_500),
        headers: {
          'content-type': 'application/json',
          authorization: `Basic ${Buffer.from(`${this.credentials.user}:${this.credentials.password}`).toString('base64')}`,
        },
        body: JSON.stringify({ time: at.getTime(), tags: ['ha-demo', 'chaos', ...tags], text }),
      });
      this.reachableUntil = Date.now() + 60_000;
      return response.ok;
    } catch {
      // Asked again after a minute, not on every event.
      this.unreachableUntil = Date.now() + 60_000;
      return false;
    }
  }
}
