import type { AutoscalerSettings, ScalingDecision } from '../contract';

export const DEFAULT_AUTOSCALER: AutoscalerSettings = {
  enabled: true,
  minReplicas: 2,
  maxReplicas: 4,
  // The demo's 100 journeys/s put ~115 requests/s on the product backend: ~58 per replica with two. Out above
  // 100 per replica (Black Friday), in once one replica fewer would carry under 75 each (after it, with three).
  scaleOutAboveRps: 100,
  scaleOutAboveP95Ms: 800,
  scaleInBelowRps: 75,
  quietSeconds: 60,
};

export interface LoadSignal {
  at: number;
  /** Replicas that exist (running, starting or healthy). */
  replicas: number;
  /** Requests/s to the whole service, as the load balancer counted them. */
  rps: number;
  p95Ms: number | null;
  /** A replica started or turned healthy lately: its JIT warm-up shows as a slow p95 that more replicas would not fix. */
  warmingUp?: boolean;
}

/** What the autoscaler remembers between readings. */
export interface ScalerMemory {
  lastDecisionAt: number;
  /** Since when the load has been above the scale-out threshold (null: it is not). */
  highSince: number | null;
  /** Since when one replica fewer would still have been below the scale-in threshold. */
  lowSince: number | null;
}

export const INITIAL_MEMORY: ScalerMemory = { lastDecisionAt: 0, highSince: null, lowSince: null };

/** A high reading must hold this long before replicas are added: one slow second is not a trend. */
const SUSTAIN_MS = 4_000;
/** New JVM replicas need this long to take load; no second scale-out before. */
const OUT_COOLDOWN_MS = 20_000;

const format = (value: number) => value.toLocaleString('de-DE', { maximumFractionDigits: 0 });

/**
 * Pure scaling policy: out when requests/s per replica or p95 cross their threshold for a few seconds (to as
 * many replicas as the load needs, within the bounds), in by one replica once the load would stay low with one
 * fewer for the whole quiet period.
 */
export function decideScaling(
  signal: LoadSignal,
  settings: AutoscalerSettings,
  memory: ScalerMemory,
): { memory: ScalerMemory; decision?: Omit<ScalingDecision, 'at' | 'service' | 'ok'> } {
  const { replicas, rps, p95Ms, at } = signal;
  const perReplica = replicas > 0 ? rps / replicas : rps;
  const tooBusy = perReplica > settings.scaleOutAboveRps;
  const tooSlow = p95Ms !== null && p95Ms > settings.scaleOutAboveP95Ms && !signal.warmingUp;
  const high = (tooBusy || tooSlow) && replicas < settings.maxReplicas;
  const low = replicas > settings.minReplicas && rps / (replicas - 1) < settings.scaleInBelowRps && !tooSlow;
  const next: ScalerMemory = {
    lastDecisionAt: memory.lastDecisionAt,
    highSince: high ? (memory.highSince ?? at) : null,
    lowSince: low ? (memory.lowSince ?? at) : null,
  };
  if (replicas < settings.minReplicas) {
    return { memory: { ...next, lastDecisionAt: at }, decision: { from: replicas, to: settings.minReplicas, reason: `unter dem Minimum von ${settings.minReplicas} Replikaten` } };
  }
  if (high && at - next.highSince! >= SUSTAIN_MS && at - memory.lastDecisionAt >= OUT_COOLDOWN_MS) {
    const needed = Math.ceil(rps / settings.scaleOutAboveRps);
    const to = Math.min(settings.maxReplicas, Math.max(replicas + 1, needed));
    const why = tooBusy
      ? `${format(perReplica)} Anfragen/s je Replikat > ${format(settings.scaleOutAboveRps)}`
      : `p95 ${format(p95Ms!)} ms > ${format(settings.scaleOutAboveP95Ms)} ms`;
    return { memory: { lastDecisionAt: at, highSince: null, lowSince: null }, decision: { from: replicas, to, reason: why } };
  }
  const quietMs = settings.quietSeconds * 1000;
  if (low && at - next.lowSince! >= quietMs && at - memory.lastDecisionAt >= quietMs) {
    const why = `${format(rps)} Anfragen/s: mit ${replicas - 1} Replikaten ${format(rps / (replicas - 1))} je Replikat < ${format(settings.scaleInBelowRps)} (seit ${settings.quietSeconds} s ruhig)`;
    return { memory: { lastDecisionAt: at, highSince: null, lowSince: null }, decision: { from: replicas, to: replicas - 1, reason: why } };
  }
  return { memory: next };
}

/** Requests/s of one HAProxy backend from two readings of its cumulative session counter. */
export function backendRate(before: { at: number; total: number } | undefined, after: { at: number; total: number }): number | null {
  if (!before || after.at <= before.at || after.total < before.total) return null;
  return ((after.total - before.total) * 1000) / (after.at - before.at);
}

/** The BACKEND row's `stot` from HAProxy's stats CSV. */
export function backendSessions(csv: string, backend: string): number | null {
  const [header = '', ...lines] = csv.trim().split('\n');
  const columns = header.replace(/^# /, '').split(',');
  const stot = columns.indexOf('stot');
  for (const line of lines) {
    const cells = line.split(',');
    if (cells[0] === backend && cells[1] === 'BACKEND') return Number(cells[stot]);
  }
  return null;
}
