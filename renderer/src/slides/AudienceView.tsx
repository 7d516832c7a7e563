import type { ReactNode } from 'react';
import './slides.css';
import { SlideFrame } from './SlideFrame';
import { toggleFullscreen, useSlideKeys } from './use-slide-keys';
import { resolveTrack, sendCommand, useDeck, useSession } from './use-slides';

/**
 * The projector: the current slide, full screen, nothing else. It renders only what the shared session says, so
 * it follows the presenter (and a late-opened audience window starts in the right place). When an `<Action>`
 * puts an app view on stage, that view is shown here instead.
 */
export function AudienceView({ renderAppView }: { renderAppView: (path: string) => ReactNode }) {
  const { data: deck } = useDeck();
  const { data: session } = useSession();
  useSlideKeys({ command: sendCommand, toggleFullscreen, guardReload: true });

  const view = deck && session ? resolveTrack(deck, session) : undefined;
  const current = view?.slides[session?.position ?? 0];
  return (
    <div className="audience" data-position={session?.position} data-blackout={session?.blackout ? 'true' : 'false'}>
      {session?.stage ? (
        <div className="audience-stage">{renderAppView(session.stage)}</div>
      ) : current ? (
        <SlideFrame slide={current.slide} context="audience" label="Aktuelle Folie" />
      ) : (
        <p className="audience-waiting">{deck?.revision === 0 || !deck ? 'Folien werden geladen …' : 'Keine Folien in diesem Track.'}</p>
      )}
      {session?.blackout && <div className="blackout" aria-label="Bildschirm schwarz" />}
    </div>
  );
}
