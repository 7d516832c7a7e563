import { createContext, useContext } from 'react';

/**
 * Where a slide is being rendered (after Slidev's $renderContext). Components with side effects or buttons act
 * only in `presenter`; the audience sees results; previews and the overview are inert pictures.
 */
export type RenderContext = 'presenter' | 'audience' | 'preview' | 'overview';

export const RenderContextValue = createContext<RenderContext>('preview');

export function useRenderContext(): RenderContext {
  return useContext(RenderContextValue);
}

export const isInteractive = (context: RenderContext) => context === 'presenter';
export const isLive = (context: RenderContext) => context === 'presenter' || context === 'audience';
