import { SERVICE_KEYS, type ChartPoint, type DashboardSnapshot, type LoadTest, type ServiceCard } from '../contract';
import { LatestValueFeed } from '../stack/latest-value-feed';
import type { StackMonitor } from '../stack/stack-monitor';
import { journeys, perService } from './dashboard-queries';
import { describeFetchError, fetchJson } from './http-json';
import { PrometheusClient, type LabelledValue } from './prometheus-client';
import { breakerState, serviceStatus, type ServiceFigures } from './service-status';
import type { Timeline } from './timeline';

export interface DashboardEndpoints {
  prometheusUrl: string;
  loadgenUrl: string;
  analyticsUrl: string;
  grafanaUrl: string;
}

interface Metrics {
  figures: Map<string, ServiceFigures>;
  breakers: { dependency: string; state: ServiceCard['breakers'][number]['state'] }[];
  chart: ChartPoint[];
  prometheus: { reachable: boolean; detail?: string };
}

const WINDOW_SECONDS = 300;
const STEP_SECONDS = 2;
const NO_METRICS: Metrics = { figures: new Map(), breakers: [], chart: [], prometheus: { reachable: false, detail: 'noch nicht abgefragt' } };

/**
 * Polls Prometheus, the load generator and analytics once a second and combines them with the live container
 * picture into one snapshot. A container change is reflected at once, not at the next poll.
 */
export class DashboardService {
  private readonly prometheus: PrometheusClient;
  private metrics: Metrics = NO_METRICS;
  private loadTest: { value: LoadTest | null; status: { reachable: boolean; detail?: string } } = { value: null, status: { reachable: false, detail: 'noch nicht abgefragt' } };
  private business: { value: DashboardSnapshot['business']; status: { reachable: boolean; detail?: string } } = { value: null, status: { reachable: false, detail: 'noch nicht abgefragt' } };
  private readonly feed: LatestValueFeed<DashboardSnapshot>;
  private timer: NodeJS.Timeout | undefined;
  private stopWatching: AbortController | undefined;
  private polls = 0;

  constructor(
    private readonly endpoints: DashboardEndpoints,
    private readonly monitor: StackMonitor,
    private readonly timeline: Timeline,
    private readonly pollMs = 1_000,
  ) {
    this.prometheus = new PrometheusClient(endpoints.prometheusUrl);
    this.feed = new LatestValueFeed(this.compose());
  }

  watch(signal?: AbortSignal) {
    return this.feed.watch(signal);
  }

  get snapshot(): DashboardSnapshot {
    return this.feed.current;
  }

  start(): void {
    if (this.timer) return;
    const loop = async () => {
      await this.poll();
      this.timer = setTimeout(loop, this.pollMs);
    };
    this.timer = setTimeout(loop, 0);
    this.stopWatching = new AbortController();
    void (async () => {
      for await (const _ of this.monitor.watch(this.stopWatching!.signal)) this.feed.publish(this.compose());
    })();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.stopWatching?.abort();
  }

  private async poll(): Promise<void> {
    const businessDue = this.polls++ % 5 === 0;
    const [metrics, loadTest, business] = await Promise.all([
      this.readMetrics(),
      this.readLoadTest(),
      businessDue ? this.readBusiness() : Promise.resolve(this.business),
    ]);
    this.noteBreakerChanges(this.metrics.breakers, metrics.breakers);
    this.metrics = metrics;
    this.loadTest = loadTest;
    this.business = business;
    this.feed.publish(this.compose());
  }

  private compose(): DashboardSnapshot {
    const stack = this.monitor.snapshot;
    const services: ServiceCard[] = SERVICE_KEYS.map((key) => {
      const figures = this.metrics.figures.get(key) ?? { rps: null, p95Ms: null, errorRatio: null };
      const status = serviceStatus(key, stack, figures);
      return {
        key,
        status: status.status,
        reason: status.reason,
        replicasHealthy: status.healthy,
        replicasTotal: status.total,
        ...figures,
        breakers: key === 'checkout-service' ? this.metrics.breakers : [],
      };
    });
    return {
      observedAt: new Date().toISOString(),
      sources: { prometheus: this.metrics.prometheus, loadgen: this.loadTest.status, analytics: this.business.status },
      services,
      chart: this.metrics.chart,
      loadTest: this.loadTest.value,
      business: this.business.value,
    };
  }

  private async readMetrics(): Promise<Metrics> {
    const end = Math.floor(Date.now() / 1000);
    const start = end - WINDOW_SECONDS;
    const range = (expr: string) => this.prometheus.queryRange(expr, start, end, STEP_SECONDS);
    try {
      const [rps, errors, p95, breakers, jRps, jTarget, jP50, jP95, jP99, jErrors] = await Promise.all([
        this.prometheus.query(perService.rps),
        this.prometheus.query(perService.serverErrors),
        this.prometheus.query(perService.p95),
        this.prometheus.query(perService.breakers),
        range(journeys.rps),
        range(journeys.targetRps),
        range(journeys.p50),
        range(journeys.p95),
        range(journeys.p99),
        range(journeys.errorPercent),
      ]);
      const byJob = (samples: LabelledValue[]) => new Map(samples.map((sample) => [sample.labels.job ?? '', sample.value]));
      const rpsByJob = byJob(rps);
      const errorsByJob = byJob(errors);
      const p95ByJob = byJob(p95);
      const figures = new Map<string, ServiceFigures>();
      for (const key of SERVICE_KEYS) {
        const serviceRps = rpsByJob.get(key) ?? null;
        const serviceErrors = errorsByJob.get(key) ?? 0;
        figures.set(key, {
          rps: serviceRps,
          p95Ms: p95ByJob.has(key) ? p95ByJob.get(key)! * 1000 : null,
          errorRatio: serviceRps ? serviceErrors / serviceRps : null,
        });
      }
      const points = new Map<number, ChartPoint>();
      const put = (series: { points: { t: number; value: number }[] }[], field: keyof Omit<ChartPoint, 't'>, scale = 1) => {
        for (const point of series[0]?.points ?? []) {
          const entry = points.get(point.t) ?? { t: point.t, rps: null, targetRps: null, p50Ms: null, p95Ms: null, p99Ms: null, errorPercent: null };
          entry[field] = point.value * scale;
          points.set(point.t, entry);
        }
      };
      put(jRps, 'rps');
      put(jTarget, 'targetRps');
      put(jP50, 'p50Ms', 1000);
      put(jP95, 'p95Ms', 1000);
      put(jP99, 'p99Ms', 1000);
      put(jErrors, 'errorPercent');
      return {
        figures,
        breakers: breakers.map((sample) => ({ dependency: sample.labels.dependency ?? '?', state: breakerState(sample.value) })),
        chart: [...points.values()].sort((a, b) => a.t - b.t),
        prometheus: { reachable: true },
      };
    } catch (error) {
      return { ...NO_METRICS, prometheus: { reachable: false, detail: describeFetchError(error) } };
    }
  }

  private async readLoadTest() {
    try {
      const status = await fetchJson<{ running: boolean; targetRps: number; achievedRps: number }>(`${this.endpoints.loadgenUrl}/api/v1/loadgen/status`, { timeoutMs: 1_500 });
      return { value: { running: status.running, targetRps: status.targetRps, achievedRps: status.achievedRps }, status: { reachable: true } };
    } catch (error) {
      return { value: null, status: { reachable: false, detail: describeFetchError(error) } };
    }
  }

  /** The analytics service's business report (stack/services/analytics-service/openapi.yaml, BusinessReport). */
  private async readBusiness() {
    try {
      const report = await fetchJson<{ ordersPerMinute: number; revenuePerMinuteEur: number; degradedOrders: number }>(
        `${this.endpoints.analyticsUrl}/api/v1/analytics/business`,
        { timeoutMs: 1_500 },
      );
      return {
        value: { ordersPerMinute: report.ordersPerMinute, revenuePerMinuteEur: report.revenuePerMinuteEur, degradedOrders: report.degradedOrders },
        status: { reachable: true },
      };
    } catch (error) {
      return { value: null, status: { reachable: false, detail: describeFetchError(error) } };
    }
  }

  private noteBreakerChanges(before: Metrics['breakers'], after: Metrics['breakers']): void {
    const previous = new Map(before.map((breaker) => [breaker.dependency, breaker.state]));
    const words = { closed: 'geschlossen', 'half-open': 'halb offen', open: 'offen' } as const;
    for (const breaker of after) {
      const old = previous.get(breaker.dependency);
      if (old && old !== breaker.state) {
        this.timeline.add({
          kind: 'breaker',
          tone: breaker.state === 'open' ? 'bad' : breaker.state === 'closed' ? 'ok' : 'warn',
          text: `Circuit Breaker Checkout → ${breaker.dependency}: ${words[breaker.state]}`,
        });
      }
    }
  }
}
