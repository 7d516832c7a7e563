import type { Slide, Track, TrackSlide } from '../contract/slides';

/** A track as written in `slides/tracks.yaml`: which chapters, in which order, and how long. */
export interface TrackDefinition {
  id: string;
  title: string;
  audience: string;
  minutes: number;
  chapters: string[];
}

export interface ExpandedTrack {
  track: Track;
  problems: string[];
}

type SlideMeta = Pick<Slide, 'id' | 'chapter' | 'budgets' | 'error'>;

/**
 * Expands a track into its slides: the chapters in the track's order, and within each chapter (in file order)
 * the slides that name the track in their budgets. A broken slide whose budgets could not be read is kept in
 * every track of its chapter with no budget, so the presenter sees the error instead of a silently missing slide.
 */
export function expandTrack(definition: TrackDefinition, slides: readonly SlideMeta[]): ExpandedTrack {
  const problems: string[] = [];
  const entries: TrackSlide[] = [];
  for (const chapter of definition.chapters) {
    const inChapter = slides.filter((slide) => slide.chapter === chapter);
    if (inChapter.length === 0) problems.push(`Track ${definition.id}: Kapitel „${chapter}“ hat keine Folien.`);
    for (const slide of inChapter) {
      const budget = slide.budgets[definition.id];
      if (budget !== undefined) entries.push({ slideId: slide.id, budget });
      else if (slide.error && Object.keys(slide.budgets).length === 0) entries.push({ slideId: slide.id, budget: 0 });
    }
  }
  const seconds = definition.minutes * 60;
  const planned = totalBudget(entries);
  if (planned !== seconds) {
    problems.push(`Track ${definition.id}: Die Budgets ergeben ${planned} s statt ${seconds} s.`);
  }
  return {
    track: { id: definition.id, title: definition.title, audience: definition.audience, seconds, slides: entries },
    problems,
  };
}

export function totalBudget(slides: readonly TrackSlide[]): number {
  return slides.reduce((sum, slide) => sum + slide.budget, 0);
}
