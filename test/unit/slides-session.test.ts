import { describe, expect, it } from 'vitest';
import type { Session, Track } from '../../electron/core/contract/slides';
import { elapsedMs } from '../../electron/core/slides/pacing';
import { applyCommand, initialSession, reconcileWithDeck } from '../../electron/core/slides/session';

const tracks: Track[] = [
  { id: '3', title: 'Kurz', audience: '', seconds: 180, slides: [{ slideId: 'a', budget: 60 }, { slideId: 'b', budget: 60 }, { slideId: 'c', budget: 60 }] },
  { id: '15', title: 'Lang', audience: '', seconds: 900, slides: [{ slideId: 'x', budget: 900 }] },
];
const start = initialSession(0, '3');
const run = (session: Session, now: number, ...commands: Parameters<typeof applyCommand>[1][]) =>
  commands.reduce((current, command) => applyCommand(current, command, { now, tracks }), session);

describe('presentation session', () => {
  it('starts the clock when the talk moves on, and stays within the track', () => {
    const moved = run(start, 1000, { type: 'next' });
    expect(moved).toMatchObject({ position: 1, slideId: 'b' });
    expect(moved.timer.startedAt).toBe(1000);
    expect(run(moved, 2000, { type: 'next' }, { type: 'next' }, { type: 'next' }).position).toBe(2);
    expect(run(start, 2000, { type: 'prev' }).position).toBe(0);
    expect(run(start, 2000, { type: 'go', position: 99 }).slideId).toBe('c');
  });

  it('pauses and resumes without losing or counting the paused time', () => {
    const running = run(start, 0, { type: 'timer', action: 'start' });
    const paused = run(running, 10_000, { type: 'timer', action: 'pause' });
    expect(elapsedMs(paused.timer, 60_000)).toBe(10_000);
    const resumed = run(paused, 60_000, { type: 'timer', action: 'resume' });
    expect(elapsedMs(resumed.timer, 65_000)).toBe(15_000);
  });

  it('stops the clock for questions and keeps the schedule, recording how long they took', () => {
    const running = run(start, 0, { type: 'next' });
    const asking = run(running, 30_000, { type: 'question', action: 'start' });
    expect(asking.timer.pauseReason).toBe('question');
    const answered = run(asking, 90_000, { type: 'question', action: 'end' });
    expect(elapsedMs(answered.timer, 100_000)).toBe(40_000);
    expect(answered.timer.questionMs).toBe(60_000);
    expect(answered.position).toBe(1);
  });

  it('re-aligns the clock with where the schedule says the current slide starts', () => {
    const late = run(start, 0, { type: 'next' }, { type: 'next' });
    expect(elapsedMs(run(late, 500_000, { type: 'timer', action: 'realign' }).timer, 500_000)).toBe(120_000);
  });

  it('toggles blackout, and leaves both blackout and an app view when the slide changes', () => {
    const dark = run(start, 0, { type: 'blackout' });
    expect(dark.blackout).toBe(true);
    expect(run(dark, 0, { type: 'blackout' }).blackout).toBe(false);
    const showing = run(dark, 0, { type: 'stage', view: '/grafana' });
    expect(showing).toMatchObject({ stage: '/grafana', blackout: false });
    expect(run(showing, 0, { type: 'next' }).stage).toBeNull();
  });

  it('switching track starts over at its first slide with a stopped clock; unknown tracks change nothing', () => {
    const midway = run(start, 5000, { type: 'next' });
    expect(run(midway, 6000, { type: 'track', trackId: '15' })).toMatchObject({ trackId: '15', position: 0, slideId: 'x', timer: { startedAt: null } });
    expect(run(midway, 6000, { type: 'track', trackId: '99' })).toBe(midway);
  });

  it('follows the current slide when a deck edit moves it', () => {
    const onB = run(start, 0, { type: 'next' });
    const edited: Track[] = [{ ...tracks[0]!, slides: [{ slideId: 'new', budget: 0 }, ...tracks[0]!.slides] }];
    expect(reconcileWithDeck(onB, edited)).toMatchObject({ position: 2, slideId: 'b' });
  });
});
