import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { Deck, Session, SessionCommand, Slide, Track } from '../../../electron/core/contract/slides';
import { api, client } from '../api/client';

const live = { retry: true, retryDelay: 500, refetchOnWindowFocus: false } as const;

/** The compiled deck, pushed again whenever a slide file changes. */
export function useDeck() {
  return useQuery(api.slides.deck.experimental_liveOptions(live));
}

/** The shared presentation session; every window renders from it, so they cannot drift apart. */
export function useSession() {
  return useQuery(api.slides.session.experimental_liveOptions(live));
}

export function useActionRuns() {
  return useQuery(api.slides.actions.experimental_liveOptions(live));
}

export function sendCommand(command: SessionCommand): void {
  void client.slides.command(command).catch((error: Error) => console.error(`Befehl ${command.type} fehlgeschlagen: ${error.message}`));
}

/** The current time, re-rendered every `intervalMs`, for clocks and the timer (computed from timestamps). */
export function useNow(intervalMs = 250): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export interface TrackView {
  track: Track;
  slides: { slide: Slide; budget: number; position: number }[];
}

/** The session's track with each entry resolved to its slide. */
export function resolveTrack(deck: Deck, session: Session): TrackView | undefined {
  const track = deck.tracks.find((candidate) => candidate.id === session.trackId) ?? deck.tracks[0];
  if (!track) return undefined;
  const byId = new Map(deck.slides.map((slide) => [slide.id, slide]));
  const slides = track.slides.flatMap((entry, position) => {
    const slide = byId.get(entry.slideId);
    return slide ? [{ slide, budget: entry.budget, position }] : [];
  });
  return { track, slides };
}
