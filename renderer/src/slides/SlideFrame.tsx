import { useLayoutEffect, useRef, useState } from 'react';
import type { Slide } from '../../../electron/core/contract/slides';
import { RenderContextValue, type RenderContext } from './render-context';
import { SlideContent } from './SlideContent';

/** Slides are laid out on a fixed 1920×1080 canvas and scaled to fit, so type sizes are the same on every screen. */
export const SLIDE_WIDTH = 1920;
export const SLIDE_HEIGHT = 1080;

export function SlideFrame({ slide, context, label }: { slide: Slide | undefined; context: RenderContext; label?: string }) {
  const outer = useRef<HTMLDivElement>(null);
  const [scale, setScale] = useState(0);
  useLayoutEffect(() => {
    const element = outer.current;
    if (!element) return;
    const fit = () => setScale(Math.min(element.clientWidth / SLIDE_WIDTH, element.clientHeight / SLIDE_HEIGHT));
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return (
    <div className="slide-viewport" ref={outer} aria-label={label}>
      <div
        className={`slide-canvas${slide?.error ? ' slide-error' : ''}`}
        style={{ width: SLIDE_WIDTH, height: SLIDE_HEIGHT, transform: `translate(-50%, -50%) scale(${scale})` }}
        data-slide-id={slide?.id}
      >
        <RenderContextValue.Provider value={context}>
          {slide?.error ? <ErrorSlide slide={slide} /> : slide ? <SlideContent nodes={slide.body} /> : null}
        </RenderContextValue.Provider>
      </div>
    </div>
  );
}

function ErrorSlide({ slide }: { slide: Slide }) {
  const error = slide.error!;
  return (
    <div role="alert">
      <p className="kicker">Folie kann nicht angezeigt werden</p>
      <h1>Fehler in der Folie</h1>
      <p className="error-location">
        <code>{error.file}</code>
        {error.line !== null && (
          <>
            {' '}
            · Zeile {error.line}
            {error.column !== null && `, Spalte ${error.column}`}
          </>
        )}
      </p>
      <pre className="error-message">{error.message}</pre>
      <p className="muted">Datei speichern – die Folie lädt sich von selbst neu.</p>
    </div>
  );
}
