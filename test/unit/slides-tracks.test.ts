import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Slide } from '../../electron/core/contract/slides';
import { expandTrack, totalBudget, type TrackDefinition } from '../../electron/core/slides/tracks';

const slidesDir = join(import.meta.dirname, '..', '..', 'slides');

/** The real decks' metadata, read straight from the frontmatter (compiling is the integration test's job). */
async function realDeck() {
  const { tracks } = parse(await readFile(join(slidesDir, 'tracks.yaml'), 'utf8')) as { tracks: TrackDefinition[] };
  const slides = [];
  for (const chapter of (await readdir(slidesDir, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort()) {
    for (const file of (await readdir(join(slidesDir, chapter))).filter((name) => name.endsWith('.mdx')).sort()) {
      const source = await readFile(join(slidesDir, chapter, file), 'utf8');
      const frontmatter = parse(/^---\n([\s\S]*?)\n---/.exec(source)![1]!) as { budgets: Record<string, number> };
      slides.push({ id: `${chapter}/${file.replace('.mdx', '')}`, chapter, budgets: frontmatter.budgets, error: null });
    }
  }
  return { tracks, slides };
}

describe('tracks of the talk', () => {
  it('add up to exactly 3, 15, 30 and 45 minutes', async () => {
    const { tracks, slides } = await realDeck();
    const sums = tracks.map((definition) => [definition.id, totalBudget(expandTrack(definition, slides).track.slides)]);
    expect(sums).toEqual([
      ['3', 180],
      ['15', 900],
      ['30', 1800],
      ['45', 2700],
    ]);
  });

  it('open with the script’s Black Friday slide and end on the key message in every track', async () => {
    const { tracks, slides } = await realDeck();
    for (const definition of tracks) {
      const ids = expandTrack(definition, slides).track.slides.map((entry) => entry.slideId);
      expect(ids[1], definition.id).toBe('01-system-ueberblick/02-das-problem');
      expect(ids.at(-1), definition.id).toBe('05-abschluss/02-kernbotschaft');
    }
  });
});

describe('expandTrack', () => {
  const definition: TrackDefinition = { id: '5', title: 'Kurz', audience: '', minutes: 1, chapters: ['b', 'a'] };
  const slides: Pick<Slide, 'id' | 'chapter' | 'budgets' | 'error'>[] = [
    { id: 'a/1', chapter: 'a', budgets: { '5': 20 }, error: null },
    { id: 'a/2', chapter: 'a', budgets: { '9': 99 }, error: null },
    { id: 'b/1', chapter: 'b', budgets: { '5': 40, '9': 10 }, error: null },
  ];

  it('takes chapters in the track’s order and only the slides that name the track, with their budgets', () => {
    const { track, problems } = expandTrack(definition, slides);
    expect(track.slides).toEqual([
      { slideId: 'b/1', budget: 40 },
      { slideId: 'a/1', budget: 20 },
    ]);
    expect(track.seconds).toBe(60);
    expect(problems).toEqual([]);
  });

  it('reports budgets that miss the track length and chapters without slides', () => {
    const { problems } = expandTrack({ ...definition, minutes: 2, chapters: ['a', 'c'] }, slides);
    expect(problems).toEqual(['Track 5: Kapitel „c“ hat keine Folien.', 'Track 5: Die Budgets ergeben 20 s statt 120 s.']);
  });

  it('keeps a slide whose frontmatter is broken in the track, so its error is seen', () => {
    const broken: (typeof slides)[number] = { id: 'a/3', chapter: 'a', budgets: {}, error: { file: 'x.mdx', line: 2, column: 1, message: 'kaputt' } };
    const { track } = expandTrack(definition, [...slides, broken]);
    expect(track.slides.map((entry) => entry.slideId)).toEqual(['b/1', 'a/1', 'a/3']);
  });
});
