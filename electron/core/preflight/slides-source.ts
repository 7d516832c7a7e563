import { dirname } from 'node:path';
import { SessionSchema } from '../contract/slides';
import { DeckLoader } from '../slides/deck-loader';
import { readJsonFile } from '../slides/json-file';
import { DEFAULT_TRACK_ID } from '../slides/session';
import type { SlidesService } from '../slides/slides-service';
import type { SlidesSource } from './check';

/** In the app: the live deck and the track chosen in the presenter view. */
export function liveSlides(slides: SlidesService): SlidesSource {
  return {
    async load() {
      await slides.reload();
      return { deck: slides.deck.current, trackId: slides.session.current.trackId };
    },
  };
}

/** On the command line: compile the deck from disk; the track is the one given, else the saved session's. */
export function slidesOnDisk(slidesDir: string, sessionFile: string, trackId?: string): SlidesSource {
  return {
    async load() {
      const deck = await new DeckLoader(slidesDir, dirname(slidesDir)).load();
      const saved = SessionSchema.safeParse(await readJsonFile(sessionFile));
      return { deck, trackId: trackId ?? (saved.success ? saved.data.trackId : DEFAULT_TRACK_ID) };
    },
  };
}
