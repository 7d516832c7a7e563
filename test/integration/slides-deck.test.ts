import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deck, SlideNode } from '../../electron/core/contract/slides';
import { DeckLoader } from '../../electron/core/slides/deck-loader';
import { SlidesService } from '../../electron/core/slides/slides-service';

const root = join(import.meta.dirname, '..', '..');
const text = (nodes: readonly SlideNode[]): string => nodes.map((node) => (typeof node === 'string' ? node : text(node.children))).join('');

describe('the decks in slides/', () => {
  let deck: Deck;
  beforeAll(async () => {
    deck = await new DeckLoader(join(root, 'slides'), root).load();
  });

  it('compile without a single error slide, and every track is complete', () => {
    expect(deck.slides.filter((slide) => slide.error).map((slide) => `${slide.file}: ${slide.error?.message}`)).toEqual([]);
    expect(deck.problems).toEqual([]);
    expect(deck.tracks.map((track) => track.id)).toEqual(['3', '15', '30', '45']);
    for (const track of deck.tracks) {
      for (const entry of track.slides) expect(deck.slides.find((slide) => slide.id === entry.slideId)?.body.length, entry.slideId).toBeGreaterThan(0);
    }
  });

  it('keep speaker notes off the slide and carry the script’s wording', () => {
    const opening = deck.slides.find((slide) => slide.id === '01-system-ueberblick/02-das-problem');
    expect(text(opening!.notes)).toContain('Stellen Sie sich vor: Black Friday, 14:00 Uhr');
    expect(JSON.stringify(opening!.body)).not.toContain('Stellen Sie sich vor');
  });

  it('offer the script’s load-test command as an action', () => {
    const status = deck.slides.find((slide) => slide.id === '01-system-ueberblick/08-demo-status');
    expect(JSON.stringify(status!.body)).toContain('"run":"load-test"');
  });
});

describe('a broken slide', () => {
  let dir: string;
  let service: SlidesService;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'slides-broken-'));
    await cp(join(root, 'slides'), join(dir, 'slides'), { recursive: true });
    service = new SlidesService({ slidesDir: join(dir, 'slides'), sessionFile: join(dir, 'session.json'), analyticsUrl: 'http://127.0.0.1:9' });
    await service.start();
  });
  afterAll(async () => {
    service.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('becomes an error slide with file and line while the others keep working, and recovers after a fix', async () => {
    const file = join(dir, 'slides', '01-system-ueberblick', '03-business-value.mdx');
    await writeFile(file, '---\ntitle: Kaputt\nbudgets: { 3: 15, 15: 45, 30: 40, 45: 40 }\n---\n\n# Titel\n\n<Action view="/ha-dashboard">\n');
    const broken = await nextDeck(service, (deck) => deck.slides.some((slide) => slide.error));
    const slide = broken.slides.find((candidate) => candidate.id === '01-system-ueberblick/03-business-value')!;
    expect(slide.error).toMatchObject({ file: 'slides/01-system-ueberblick/03-business-value.mdx', line: 8 });
    expect(slide.error?.message).toMatch(/closing tag/);
    // Still in its tracks with its budget, and every other slide still compiles.
    expect(broken.tracks.find((track) => track.id === '3')?.slides.map((entry) => entry.slideId)).toContain(slide.id);
    expect(broken.slides.filter((candidate) => candidate.error)).toHaveLength(1);
    expect(broken.problems).toEqual([]);

    await writeFile(file, '---\ntitle: Repariert\nbudgets: { 3: 15, 15: 45, 30: 40, 45: 40 }\n---\n\n# Wieder heil\n');
    const fixed = await nextDeck(service, (deck) => !deck.slides.some((candidate) => candidate.error));
    expect(fixed.slides.find((candidate) => candidate.id === slide.id)?.title).toBe('Repariert');
  });

  it('names the line of a frontmatter mistake, and an unknown component', async () => {
    await writeFile(join(dir, 'slides', '05-abschluss', '03-neu.mdx'), '---\ntitle: Neu\nbudgets: [oops\n---\n\n# Neu\n');
    await writeFile(join(dir, 'slides', '05-abschluss', '04-unbekannt.mdx'), '---\nbudgets: { 45: 0 }\n---\n\n# X\n\n<Unbekannt />\n');
    const deck = await nextDeck(service, (candidate) => candidate.slides.filter((slide) => slide.error).length === 2);
    const frontmatter = deck.slides.find((slide) => slide.id === '05-abschluss/03-neu')!;
    expect(frontmatter.error?.line).toBe(3);
    const unknown = deck.slides.find((slide) => slide.id === '05-abschluss/04-unbekannt')!;
    expect(unknown.error?.message).toContain('Unbekannt');
  });
});

async function nextDeck(service: SlidesService, accept: (deck: Deck) => boolean): Promise<Deck> {
  const signal = AbortSignal.timeout(15_000);
  for await (const deck of service.deck.watch(signal)) if (accept(deck)) return deck;
  throw new Error('the deck did not reach the expected state within 15 s');
}
