import type { Session, SessionCommand, Track } from '../contract/slides';
import { STOPPED_TIMER } from './pacing';

export const DEFAULT_TRACK_ID = '15';

export function initialSession(now: number, trackId = DEFAULT_TRACK_ID): Session {
  return {
    trackId,
    position: 0,
    slideId: null,
    timer: STOPPED_TIMER,
    blackout: false,
    stage: null,
    checklist: {},
    widgets: {},
    updatedAt: now,
  };
}

/** What a command may depend on besides the session: the clock and the tracks of the loaded deck. */
export interface SessionContext {
  now: number;
  tracks: readonly Track[];
}

/**
 * Applies one presenter command. Pure, so the rules (navigation starts the clock, a question pause keeps the
 * schedule, a reset re-aligns with the schedule) are tested without I/O.
 */
export function applyCommand(session: Session, command: SessionCommand, { now, tracks }: SessionContext): Session {
  const track = tracks.find((candidate) => candidate.id === session.trackId);
  const last = Math.max(0, (track?.slides.length ?? 1) - 1);
  const at = (position: number): Session => {
    const clamped = Math.min(Math.max(0, position), last);
    return {
      ...session,
      position: clamped,
      slideId: track?.slides[clamped]?.slideId ?? null,
      // Moving on is the moment a talk starts: the clock should not depend on someone remembering a button.
      timer: session.timer.startedAt === null && clamped !== session.position ? { ...session.timer, startedAt: now } : session.timer,
      stage: clamped !== session.position ? null : session.stage,
      blackout: false,
      updatedAt: now,
    };
  };
  switch (command.type) {
    case 'next':
      return at(session.position + 1);
    case 'prev':
      return at(session.position - 1);
    case 'go':
      return at(command.position);
    case 'track': {
      const next = tracks.find((candidate) => candidate.id === command.trackId);
      if (!next) return session;
      return { ...session, trackId: next.id, position: 0, slideId: next.slides[0]?.slideId ?? null, timer: STOPPED_TIMER, updatedAt: now };
    }
    case 'timer':
      return { ...session, timer: timerCommand(session, command.action, now, track), updatedAt: now };
    case 'question':
      return { ...session, timer: questionCommand(session, command.action, now), updatedAt: now };
    case 'blackout':
      return { ...session, blackout: command.on ?? !session.blackout, updatedAt: now };
    case 'stage':
      return { ...session, stage: command.view, blackout: false, updatedAt: now };
    case 'checklist':
      return { ...session, checklist: { ...session.checklist, [command.itemId]: command.done }, updatedAt: now };
    case 'widget':
      return { ...session, widgets: { ...session.widgets, [command.key]: command.value }, updatedAt: now };
  }
}

function timerCommand(session: Session, action: 'start' | 'pause' | 'resume' | 'realign' | 'reset', now: number, track: Track | undefined) {
  const { timer } = session;
  switch (action) {
    case 'start':
      return timer.startedAt === null ? { ...timer, startedAt: now } : resume(timer, now);
    case 'pause':
      if (timer.startedAt === null || timer.pausedAt !== null) return timer;
      return { ...timer, pausedAt: now, pauseReason: 'pause' as const };
    case 'resume':
      return resume(timer, now);
    case 'realign': {
      // reveal.js: put the clock where the schedule says the current slide begins.
      const plannedStartMs = (track?.slides.slice(0, session.position) ?? []).reduce((sum, slide) => sum + slide.budget, 0) * 1000;
      return { ...timer, startedAt: now - plannedStartMs, pausedAt: timer.pausedAt === null ? null : now };
    }
    case 'reset':
      return { ...timer, startedAt: null, pausedAt: null, pauseReason: null, questionMs: 0 };
  }
}

function questionCommand(session: Session, action: 'start' | 'end', now: number) {
  const { timer } = session;
  if (action === 'end') return timer.pauseReason === 'question' ? resume(timer, now) : timer;
  if (timer.pausedAt !== null) return { ...timer, pauseReason: 'question' as const };
  // A question before the talk has started still must not start the clock.
  if (timer.startedAt === null) return timer;
  return { ...timer, pausedAt: now, pauseReason: 'question' as const };
}

function resume(timer: Session['timer'], now: number): Session['timer'] {
  if (timer.startedAt === null || timer.pausedAt === null) return timer;
  const paused = now - timer.pausedAt;
  return {
    startedAt: timer.startedAt + paused,
    pausedAt: null,
    pauseReason: null,
    questionMs: timer.questionMs + (timer.pauseReason === 'question' ? paused : 0),
  };
}

/** After a deck reload: follow the current slide if an edit moved it, else stay at a valid position. */
export function reconcileWithDeck(session: Session, tracks: readonly Track[]): Session {
  const track = tracks.find((candidate) => candidate.id === session.trackId) ?? tracks[0];
  if (!track) return session;
  const moved = session.slideId ? track.slides.findIndex((slide) => slide.slideId === session.slideId) : -1;
  const position = moved >= 0 ? moved : Math.min(session.position, Math.max(0, track.slides.length - 1));
  const slideId = track.slides[position]?.slideId ?? null;
  if (track.id === session.trackId && position === session.position && slideId === session.slideId) return session;
  return { ...session, trackId: track.id, position, slideId };
}

