import type { Timer } from '../contract/slides';

// Pure timing arithmetic shared by the Node side and the UI (which ticks it every second). The timer is
// a pair of timestamps, never a counter, so a reload or an app restart cannot lose or double-count time.

export const STOPPED_TIMER: Timer = { startedAt: null, pausedAt: null, pauseReason: null, questionMs: 0 };

export function elapsedMs(timer: Timer, now: number): number {
  if (timer.startedAt === null) return 0;
  return Math.max(0, (timer.pausedAt ?? now) - timer.startedAt);
}

export type PaceState = 'ahead' | 'on-time' | 'behind';

export interface Pace {
  /** Seconds left until the schedule says the current slide should be finished; negative when behind. */
  slideTimeLeft: number;
  /** Seconds left in the whole track. */
  remaining: number;
  state: PaceState;
  /** Where the schedule says the current slide starts, in seconds from the beginning. */
  plannedStart: number;
}

/**
 * reveal.js's speaker-view pacing: time left = the budgets up to and including the current slide − elapsed.
 * Negative means behind; no more than the current slide's own budget means on time; more means ahead.
 */
export function pace(budgets: readonly number[], position: number, elapsedSeconds: number): Pace {
  const current = budgets[position] ?? 0;
  const plannedStart = sum(budgets.slice(0, position));
  const slideTimeLeft = plannedStart + current - elapsedSeconds;
  const state: PaceState = slideTimeLeft < 0 ? 'behind' : slideTimeLeft <= current ? 'on-time' : 'ahead';
  return { slideTimeLeft, remaining: sum(budgets) - elapsedSeconds, state, plannedStart };
}

export interface SkipCandidate {
  position: number;
  slideId: string;
  title: string;
  budget: number;
  skippable: boolean;
}

/**
 * The slides after the current one whose skipping would catch up `deficitSeconds`: skippable slides only,
 * longest first (fewest cuts), returned in talk order. Empty when not behind or nothing can be skipped.
 */
export function skipSuggestions(upcoming: readonly SkipCandidate[], position: number, deficitSeconds: number): SkipCandidate[] {
  if (deficitSeconds <= 0) return [];
  const candidates = upcoming
    .filter((slide) => slide.position > position && slide.skippable && slide.budget > 0)
    .sort((a, b) => b.budget - a.budget || a.position - b.position);
  const chosen: SkipCandidate[] = [];
  let saved = 0;
  for (const candidate of candidates) {
    if (saved >= deficitSeconds) break;
    chosen.push(candidate);
    saved += candidate.budget;
  }
  return chosen.sort((a, b) => a.position - b.position);
}

/** `m:ss`, with a leading minus when negative: what a presenter reads at a glance. */
export function formatDuration(seconds: number): string {
  const sign = seconds < 0 ? '−' : '';
  const total = Math.floor(Math.abs(seconds));
  const minutes = Math.floor(total / 60);
  return `${sign}${minutes}:${String(total % 60).padStart(2, '0')}`;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
