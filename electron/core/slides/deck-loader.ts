import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Deck, Slide } from '../contract/slides';
import { compileSlide } from './compile-slide';
import { expandTrack } from './tracks';

const TRACKS_FILE = 'tracks.yaml';
const CHAPTER_FILE = 'chapter.yaml';

const TracksFileSchema = z.object({
  checklist: z.array(z.string()).default([]),
  tracks: z.array(
    z.object({
      id: z.coerce.string(),
      title: z.string(),
      audience: z.string().default(''),
      minutes: z.number().positive(),
      chapters: z.array(z.string()).min(1),
    }),
  ),
});

const ChapterFileSchema = z.object({ title: z.string() });

/**
 * Reads a deck directory: `tracks.yaml`, and one folder per chapter with `chapter.yaml` and its slides as
 * `*.mdx` in file-name order. Compiled slides are cached by source text, so a reload after an edit recompiles
 * only the file that changed.
 */
export class DeckLoader {
  private readonly cache = new Map<string, { source: string; slide: Slide }>();
  private revision = 0;

  constructor(
    private readonly slidesDir: string,
    /** Paths in error slides are shown relative to this (the project root). */
    private readonly displayRoot: string,
  ) {}

  async load(): Promise<Deck> {
    const problems: string[] = [];
    const tracksFile = await this.readTracksFile(problems);
    const chapters: Deck['chapters'] = [];
    const slides: Slide[] = [];
    const seen = new Set<string>();

    for (const chapterId of await this.chapterDirectories()) {
      const dir = join(this.slidesDir, chapterId);
      const chapterMeta = ChapterFileSchema.safeParse(parseYamlSafely(await readFile(join(dir, CHAPTER_FILE), 'utf8').catch(() => '')));
      chapters.push({ id: chapterId, title: chapterMeta.success ? chapterMeta.data.title : chapterId });
      const files = (await readdir(dir)).filter((name) => name.endsWith('.mdx')).sort();
      for (const name of files) {
        const path = join(dir, name);
        seen.add(path);
        slides.push(await this.compileCached(path, chapterId, name, dir));
      }
    }
    for (const path of this.cache.keys()) if (!seen.has(path)) this.cache.delete(path);

    const tracks = tracksFile.tracks.map((definition) => {
      const expanded = expandTrack(definition, slides);
      problems.push(...expanded.problems);
      return expanded.track;
    });
    this.revision += 1;
    return {
      revision: this.revision,
      loadedAt: new Date().toISOString(),
      chapters,
      slides,
      tracks,
      checklist: tracksFile.checklist.map((text, index) => ({ id: `check-${index + 1}`, text })),
      problems,
    };
  }

  private async compileCached(path: string, chapter: string, name: string, cwd: string): Promise<Slide> {
    const source = await readFile(path, 'utf8');
    const cached = this.cache.get(path);
    if (cached?.source === source) return cached.slide;
    const slide = await compileSlide({
      id: `${chapter}/${name.replace(/\.mdx$/, '')}`,
      chapter,
      file: relative(this.displayRoot, path),
      source,
      cwd,
    });
    this.cache.set(path, { source, slide });
    return slide;
  }

  private async chapterDirectories(): Promise<string[]> {
    const entries = await readdir(this.slidesDir, { withFileTypes: true }).catch(() => []);
    return entries
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
      .map((entry) => entry.name)
      .sort();
  }

  private async readTracksFile(problems: string[]): Promise<z.infer<typeof TracksFileSchema>> {
    const file = join(this.slidesDir, TRACKS_FILE);
    try {
      return TracksFileSchema.parse(parseYaml(await readFile(file, 'utf8')));
    } catch (error) {
      problems.push(`${relative(this.displayRoot, file)}: ${error instanceof z.ZodError ? z.prettifyError(error) : (error as Error).message}`);
      return { checklist: [], tracks: [] };
    }
  }
}

function parseYamlSafely(text: string): unknown {
  try {
    return parseYaml(text);
  } catch {
    return undefined;
  }
}
