import { homedir } from 'node:os';
import { join } from 'node:path';
import type { SlidesServiceOptions } from './slides-service';

/**
 * Where the decks and the session live unless the caller says otherwise. Decks are read from `slides/` in the
 * working directory (the project root when started with npm), so a presenter edits them in place.
 */
export function defaultSlidesOptions(env: NodeJS.ProcessEnv, given: { analyticsUrl: string; sessionFile?: string; slidesDir?: string }): SlidesServiceOptions {
  return {
    slidesDir: env.HA_DEMO_SLIDES_DIR ?? given.slidesDir ?? join(process.cwd(), 'slides'),
    sessionFile: env.HA_DEMO_SESSION_FILE ?? given.sessionFile ?? join(homedir(), '.ha-demo-presenter', 'session.json'),
    analyticsUrl: given.analyticsUrl,
  };
}
