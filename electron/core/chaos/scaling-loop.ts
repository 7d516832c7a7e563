import type { AutoscalerSettings, ScalingDecision, StackSnapshot } from '../contract';
import { fetchJson } from '../dashboard/http-json';
import { runCompose, type ComposeProject } from '../stack/compose-cli';
import { backendRate, backendSessions, DEFAULT_AUTOSCALER, decideScaling, INITIAL_MEMORY, type ScalerMemory } from './autoscaler';

export interface ScalingLoopOptions {
  compose: ComposeProject;
  service: string;
  /** HAProxy's stats CSV, e.g. http://127.0.0.1:8404/stats;csv */
  statsUrl: string;
  prometheusUrl: string;
  snapshot: () => StackSnapshot;
  /** Services being broken on purpose right now: not scaled meanwhile. */
  underFault: () => Set<string>;
  onDecision: (decision: ScalingDecision) => void;
  changed: () => void;
  everyMs?: number;
}

const DECISIONS_KEPT = 20;
/** After "Demo starten" or a new replica, a JVM needs about this long before its p95 says anything about load. */
const WARM_UP_MS = 60_000;

/** Reads the product service's load every few seconds and scales it with `docker compose up --scale`. */
export class ScalingLoop {
  settings: AutoscalerSettings = { ...DEFAULT_AUTOSCALER };
  signal: string | null = null;
  readonly decisions: ScalingDecision[] = [];
  private memory: ScalerMemory = INITIAL_MEMORY;
  private previous: { at: number; total: number } | undefined;
  /** When a replica of the service was last seen not (yet) healthy. */
  private unsettledAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private busy = false;

  constructor(private readonly options: ScalingLoopOptions) {}

  get replicas(): number {
    return this.options.snapshot().containers.filter((container) => container.service === this.options.service && container.state !== 'removing' && container.state !== 'dead').length;
  }

  configure(settings: AutoscalerSettings): void {
    this.settings = settings;
    this.memory = { ...this.memory, highSince: null, lowSince: null };
    this.options.changed();
  }

  start(): void {
    this.timer ??= setInterval(() => void this.tick(), this.options.everyMs ?? 2_000);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  async tick(): Promise<void> {
    if (this.busy) return;
    const snapshot = this.options.snapshot();
    const replicas = this.replicas;
    // A stopped stack is not scaled up from nothing, and a service under a fault is left to the fault.
    if (!this.settings.enabled || !snapshot.engine.reachable || replicas === 0 || this.options.underFault().has(this.options.service)) {
      this.previous = undefined;
      return;
    }
    if (snapshot.containers.some((container) => container.service === this.options.service && container.health !== 'healthy')) this.unsettledAt = Date.now();
    const reading = await this.read();
    if (!reading) return;
    const warmingUp = Date.now() - this.unsettledAt < WARM_UP_MS;
    const { memory, decision } = decideScaling({ at: Date.now(), replicas, rps: reading.rps, p95Ms: reading.p95Ms, warmingUp }, this.settings, this.memory);
    this.memory = memory;
    this.signal = `${Math.round(reading.rps / replicas)} Anfragen/s je Replikat bei ${replicas} Replikaten${reading.p95Ms !== null ? `, p95 ${Math.round(reading.p95Ms)} ms` : ''}`;
    this.options.changed();
    if (decision) await this.scale(decision.from, decision.to, decision.reason);
  }

  private async read(): Promise<{ rps: number; p95Ms: number | null } | undefined> {
    const at = Date.now();
    const csv = await fetch(this.options.statsUrl, { signal: AbortSignal.timeout(1_500) })
      .then((response) => response.text())
      .catch(() => undefined);
    const total = csv ? backendSessions(csv, this.options.service) : null;
    if (total === null) return undefined;
    const rps = backendRate(this.previous, { at, total });
    this.previous = { at, total };
    if (rps === null) return undefined;
    return { rps, p95Ms: await this.p95() };
  }

  private async p95(): Promise<number | null> {
    const query = `histogram_quantile(0.95, sum by (le) (rate(http_server_requests_seconds_bucket{job="${this.options.service}"}[10s])))`;
    try {
      const body = await fetchJson<{ data?: { result?: { value?: [number, string] }[] } }>(
        `${this.options.prometheusUrl}/api/v1/query?query=${encodeURIComponent(query)}`,
        { timeoutMs: 1_500 },
      );
      const value = Number(body.data?.result?.[0]?.value?.[1]);
      return Number.isFinite(value) ? value * 1000 : null;
    } catch {
      return null;
    }
  }

  private async scale(from: number, to: number, reason: string): Promise<void> {
    this.busy = true;
    try {
      // --no-recreate: scaling never replaces the replicas that serve right now; --no-deps: nothing else moves.
      const run = await runCompose(this.options.compose, ['up', '-d', '--no-deps', '--no-recreate', '--scale', `${this.options.service}=${to}`, this.options.service]);
      const decision: ScalingDecision = { at: new Date().toISOString(), service: this.options.service, from, to, reason, ok: run.code === 0 };
      if (run.code !== 0) decision.reason += ` — docker compose fehlgeschlagen: ${run.output.at(-1) ?? ''}`;
      this.decisions.unshift(decision);
      this.decisions.splice(DECISIONS_KEPT);
      this.options.onDecision(decision);
    } finally {
      this.busy = false;
      this.previous = undefined;
      this.options.changed();
    }
  }
}
