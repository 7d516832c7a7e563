import type { Recovery } from '../contract';
import type { ProbeSample } from './probe-journeys';

export interface RequestCounter {
  at: number;
  total: number;
  failed: number;
}

export interface MeasureInput {
  faultAt: number;
  now: number;
  /** null while the fault is still active. */
  revertedAt: number | null;
  /** Whether reverting had to undo anything (start, unpause …) — if so, a later recovery was a rollback. */
  revertActed: boolean;
  samples: ProbeSample[];
  /** For faults on containers: when the engine reported them down and healthy again (ms since epoch). */
  target: { expectsDown: boolean; downAt: number | null; upAt: number | null };
  /** Cumulative request counters of the load generator, sampled while measuring. */
  loadgen: RequestCounter[];
}

export interface MeterSettings {
  /** A journey slower than this is a symptom; also the p95 a healthy window must stay under. */
  slowMs: number;
  /** Share of journeys that must succeed in a healthy window. */
  minSuccess: number;
  /** Recovery holds when `windows` consecutive windows of `windowMs` are healthy (three 5 s windows). */
  windowMs: number;
  windows: number;
  /** After the revert, give up waiting for recovery after this long. */
  giveUpMs: number;
}

export const DEFAULT_METER: MeterSettings = { slowMs: 1_500, minSuccess: 0.99, windowMs: 5_000, windows: 3, giveUpMs: 120_000 };

export interface Measurement {
  recovery: Recovery;
  /** True once the figures are final: recovery confirmed, or given up. */
  done: boolean;
}

/** Windows judge by p95, so a recovery may show a probe interval or two before the revert that caused it. */
const REVERT_TOLERANCE_MS = 1_000;

const isBad = (sample: ProbeSample, settings: MeterSettings) => !sample.ok || sample.latencyMs > settings.slowMs;

/**
 * Detection time, MTTR and blast radius of one fault, from what was observed — never from what was intended.
 * Recovery is the later of: the target healthy again (engine), and the moment from which the probe journeys are
 * healthy — every window of `windowMs` from then on holds probes, at least `minSuccess` of them succeeded and
 * their p95 is under `slowMs` — confirmed by at least `windows` such windows.
 */
export function measureRecovery(input: MeasureInput, settings: MeterSettings = DEFAULT_METER): Measurement {
  const samples = input.samples.filter((sample) => sample.at >= input.faultAt).sort((a, b) => a.at - b.at);
  const firstBad = samples.find((sample) => isBad(sample, settings));

  const detections: { at: number; by: string }[] = [];
  if (firstBad) detections.push({ at: firstBad.at + firstBad.latencyMs, by: firstBad.ok ? `Probe ${firstBad.journey} langsam` : `Probe ${firstBad.journey} fehlgeschlagen` });
  if (input.target.downAt !== null) detections.push({ at: input.target.downAt, by: 'Docker meldet den Container ausgefallen' });
  const detection = detections.sort((a, b) => a.at - b.at)[0];

  const journeysHealthyAt = healthyFrom(samples, input.faultAt, input.now, settings);
  let targetRestoredAt: number | null = input.faultAt;
  if (input.target.expectsDown) {
    if (input.target.downAt !== null) targetRestoredAt = input.target.upAt;
    // Never went down although the fault is long reverted: it had no effect on the container.
    else if (input.revertedAt === null || input.now - input.revertedAt < settings.windowMs * settings.windows) targetRestoredAt = null;
  }
  const recoveryPoint = journeysHealthyAt !== null && targetRestoredAt !== null ? Math.max(journeysHealthyAt, targetRestoredAt) : null;
  const confirmed = recoveryPoint !== null && input.revertedAt !== null && input.now - recoveryPoint >= settings.windowMs * settings.windows;
  const gaveUp = !confirmed && input.now - (input.revertedAt ?? Number.POSITIVE_INFINITY) > settings.giveUpMs;

  const end = confirmed ? recoveryPoint : input.now;
  const during = samples.filter((sample) => sample.at <= end);
  return {
    done: confirmed || gaveUp,
    recovery: {
      detectedAfterMs: detection ? Math.max(0, detection.at - input.faultAt) : null,
      detectedBy: detection?.by ?? null,
      mttrMs: confirmed ? recoveryPoint - input.faultAt : null,
      recoveredBy: confirmed
        ? input.revertActed && recoveryPoint >= (input.revertedAt ?? 0) - REVERT_TOLERANCE_MS
          ? 'rollback'
          : 'self-healing'
        : gaveUp
          ? 'not-recovered'
          : 'pending',
      probes: { total: during.length, failed: during.filter((sample) => !sample.ok).length, p95Ms: p95(during.map((sample) => sample.latencyMs)) },
      loadgen: counterDelta(input.loadgen, input.faultAt, end),
    },
  };
}

/**
 * The earliest moment from which every complete window up to `now` is healthy, with at least `windows` of them.
 * Candidates are the fault itself and the first probe after each bad one: healthy stretches start there.
 */
function healthyFrom(samples: ProbeSample[], faultAt: number, now: number, settings: MeterSettings): number | null {
  const candidates = [faultAt];
  samples.forEach((sample, index) => {
    const next = samples[index + 1];
    if (isBad(sample, settings) && next) candidates.push(next.at);
  });
  const times = samples.map((sample) => sample.at);
  for (const start of candidates) {
    const complete = Math.floor((now - start) / settings.windowMs);
    if (complete < settings.windows) break;
    let healthy = true;
    for (let window = 0; window < complete && healthy; window++) {
      const from = lowerBound(times, start + window * settings.windowMs);
      const to = lowerBound(times, start + (window + 1) * settings.windowMs);
      healthy = isHealthyWindow(samples.slice(from, to), settings);
    }
    if (healthy) return start;
  }
  return null;
}

function isHealthyWindow(window: ProbeSample[], settings: MeterSettings): boolean {
  if (window.length === 0) return false;
  const succeeded = window.filter((sample) => sample.ok).length;
  return succeeded / window.length >= settings.minSuccess && (p95(window.map((sample) => sample.latencyMs)) ?? 0) <= settings.slowMs;
}

function lowerBound(sorted: number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

export function p95(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!;
}

/** How far from the fault the counter reading it is compared with may be: further off, it counts other traffic. */
const COUNTER_BASELINE_SLACK_MS = 2_000;

function counterDelta(counters: RequestCounter[], from: number, to: number): { total: number; failed: number } | null {
  const before = [...counters].reverse().find((counter) => counter.at <= from + COUNTER_BASELINE_SLACK_MS);
  const after = [...counters].reverse().find((counter) => counter.at <= to);
  if (!before || !after || after.at <= before.at || from - before.at > COUNTER_BASELINE_SLACK_MS) return null;
  // A restarted load generator starts from zero: no honest difference then.
  if (after.total < before.total) return null;
  return { total: after.total - before.total, failed: after.failed - before.failed };
}
