import { describe, expect, it } from 'vitest';
import { elapsedMs, formatDuration, pace, skipSuggestions, type SkipCandidate } from '../../electron/core/slides/pacing';

// Budgets of a 3-minute talk: the schedule says slide 2 runs from 0:30 to 1:30.
const budgets = [10, 20, 60, 50, 40];

describe('pace (reveal.js speaker view)', () => {
  it('is ahead while more than the current slide’s budget is left', () => {
    expect(pace(budgets, 2, 20)).toMatchObject({ state: 'ahead', slideTimeLeft: 70, remaining: 160, plannedStart: 30 });
  });

  it('is on time while the time left is within the current slide’s budget', () => {
    expect(pace(budgets, 2, 30).state).toBe('on-time');
    expect(pace(budgets, 2, 89)).toMatchObject({ state: 'on-time', slideTimeLeft: 1 });
    expect(pace(budgets, 2, 90)).toMatchObject({ state: 'on-time', slideTimeLeft: 0 });
  });

  it('is behind once the schedule says the current slide should be over', () => {
    expect(pace(budgets, 2, 100)).toMatchObject({ state: 'behind', slideTimeLeft: -10, remaining: 80 });
  });
});

describe('skipSuggestions', () => {
  const upcoming: SkipCandidate[] = [
    { position: 1, slideId: 'a', title: 'A', budget: 90, skippable: true },
    { position: 3, slideId: 'b', title: 'B', budget: 30, skippable: true },
    { position: 4, slideId: 'c', title: 'C', budget: 120, skippable: false },
    { position: 5, slideId: 'd', title: 'D', budget: 60, skippable: true },
    { position: 6, slideId: 'e', title: 'E', budget: 45, skippable: true },
  ];

  it('names nothing when not behind', () => {
    expect(skipSuggestions(upcoming, 2, 0)).toEqual([]);
  });

  it('picks the fewest skippable slides after the current one that cover the deficit, in talk order', () => {
    expect(skipSuggestions(upcoming, 2, 50).map((slide) => slide.slideId)).toEqual(['d']);
    expect(skipSuggestions(upcoming, 2, 100).map((slide) => slide.slideId)).toEqual(['d', 'e']);
  });

  it('never suggests past or unskippable slides, and offers all it has when that is not enough', () => {
    expect(skipSuggestions(upcoming, 2, 1000).map((slide) => slide.slideId)).toEqual(['b', 'd', 'e']);
  });
});

describe('timer from timestamps', () => {
  it('counts from startedAt, freezes at pausedAt, and is zero before the start', () => {
    expect(elapsedMs({ startedAt: null, pausedAt: null, pauseReason: null, questionMs: 0 }, 5000)).toBe(0);
    expect(elapsedMs({ startedAt: 1000, pausedAt: null, pauseReason: null, questionMs: 0 }, 5000)).toBe(4000);
    expect(elapsedMs({ startedAt: 1000, pausedAt: 3000, pauseReason: 'pause', questionMs: 0 }, 9000)).toBe(2000);
  });

  it('formats as m:ss with a sign when behind', () => {
    expect(formatDuration(75)).toBe('1:15');
    expect(formatDuration(-5.4)).toBe('−0:05');
  });
});
