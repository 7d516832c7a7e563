import type { LoadTestFigures } from '../contract/slides';

/** The analytics service's live load-test report, reduced to the figures a slide widget shows. */
export async function fetchLoadTestFigures(analyticsUrl: string, signal?: AbortSignal): Promise<LoadTestFigures> {
  const url = `${analyticsUrl}/api/v1/analytics/metrics/load-test?windowSeconds=60`;
  try {
    const response = await fetch(url, { signal: signal ?? AbortSignal.timeout(3000) });
    if (!response.ok) return { reachable: false, source: url, reason: `HTTP ${response.status}` };
    const report = (await response.json()) as {
      summary?: string;
      traffic?: { requestsPerSecond?: number | null; p95Ms?: number | null; errorRatePercent?: number | null };
      services?: { healthy?: number; total?: number };
      measuredAt?: string;
    };
    return {
      reachable: true,
      summary: report.summary ?? '',
      requestsPerSecond: report.traffic?.requestsPerSecond ?? null,
      p95Ms: report.traffic?.p95Ms ?? null,
      errorRatePercent: report.traffic?.errorRatePercent ?? null,
      servicesHealthy: report.services?.healthy ?? null,
      servicesTotal: report.services?.total ?? null,
      measuredAt: report.measuredAt ?? new Date().toISOString(),
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { reachable: false, source: url, reason: cause ?? (error as Error).message };
  }
}
