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
  /** A journey slower than this is a symptom; also the p95 target for "healthy". */
  slowMs: number;
  /** Healthy journeys must hold this long (three 5 s windows) before recovery is confirmed. */
  windowMs: number;
  windows: number;
  /** After the revert, give up waiting for recovery after this long. */
  giveUpMs: number;
}

export const DEFAULT_METER: MeterSettings = { slowMs: 1_000, windowMs: 5_000, windows: 3, giveUpMs: 120_000 };

export interface Measurement {
  recovery: Recovery;
  /** True once the figures are final: recovery confirmed, or given up. */
  done: boolean;
}

const isBad = (sample: ProbeSample, settings: MeterSettings) => !sample.ok || sample.latencyMs > settings.slowMs;

/**
 * Detection time, MTTR and blast radius of one fault, from what was observed — never from what was intended.
 * Recovery is the later of: the target healthy again (engine), and the first good probe after the last bad one,
 * confirmed when every window of the following `windows × windowMs` holds probes and none of them is bad.
 */
export function measureRecovery(input: MeasureInput, settings: MeterSettings = DEFAULT_METER): Measurement {
  const samples = input.samples.filter((sample) => sample.at >= input.faultAt).sort((a, b) => a.at - b.at);
  const firstBad = samples.find((sample) => isBad(sample, settings));
  const lastBadIndex = findLastIndex(samples, (sample) => isBad(sample, settings));

  const detections: { at: number; by: string }[] = [];
  if (firstBad) detections.push({ at: firstBad.at + firstBad.latencyMs, by: firstBad.ok ? `Probe ${firstBad.journey} langsam` : `Probe ${firstBad.journey} fehlgeschlagen` });
  if (input.target.downAt !== null) detections.push({ at: input.target.downAt, by: 'Docker meldet den Container ausgefallen' });
  const detection = detections.sort((a, b) => a.at - b.at)[0];

  const journeysHealthyAt = lastBadIndex < 0 ? input.faultAt : samples[lastBadIndex + 1]?.at ?? null;
  let targetRestoredAt: number | null = input.faultAt;
  if (input.target.expectsDown) {
    if (input.target.downAt !== null) targetRestoredAt = input.target.upAt;
    // Never went down although the fault is long reverted: it had no effect on the container.
    else if (input.revertedAt === null || input.now - input.revertedAt < settings.windowMs * settings.windows) targetRestoredAt = null;
  }
  const recoveryPoint = journeysHealthyAt !== null && targetRestoredAt !== null ? Math.max(journeysHealthyAt, targetRestoredAt) : null;
  const confirmed =
    recoveryPoint !== null && input.revertedAt !== null && coversWindows(samples, recoveryPoint, input.now, settings);
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
        ? input.revertActed && recoveryPoint >= (input.revertedAt ?? 0)
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

/** Every window after `from` up to the confirmation span has probes, and the span has passed. */
function coversWindows(samples: ProbeSample[], from: number, now: number, settings: MeterSettings): boolean {
  if (now - from < settings.windowMs * settings.windows) return false;
  for (let window = 0; window < settings.windows; window++) {
    const start = from + window * settings.windowMs;
    if (!samples.some((sample) => sample.at >= start && sample.at < start + settings.windowMs)) return false;
  }
  return true;
}

export function p95(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!;
}

function counterDelta(counters: RequestCounter[], from: number, to: number): { total: number; failed: number } | null {
  const before = [...counters].reverse().find((counter) => counter.at <= from) ?? counters[0];
  const after = [...counters].reverse().find((counter) => counter.at <= to);
  if (!before || !after || after.at <= before.at) return null;
  // A restarted load generator starts from zero: no honest difference then.
  if (after.total < before.total) return null;
  return { total: after.total - before.total, failed: after.failed - before.failed };
}

function findLastIndex<T>(items: T[], predicate: (item: T) => boolean): number {
  for (let index = items.length - 1; index >= 0; index--) if (predicate(items[index]!)) return index;
  return -1;
}
