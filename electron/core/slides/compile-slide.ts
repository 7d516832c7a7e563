import { runInNewContext } from 'node:vm';
import { bundleMDX } from 'mdx-bundler';
import remarkGfm from 'remark-gfm';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Slide, SlideElement, SlideError, SlideNode } from '../contract/slides';
import { ACTION_COMMANDS } from './action-commands';
import { extractNotes, findFirst, mapElements, SLIDE_COMPONENTS, textOf, treeJsxRuntime } from './slide-tree';

const FrontmatterSchema = z.object({
  title: z.string().optional(),
  budgets: z.record(z.string(), z.number().nonnegative()).default({}),
  skippable: z.boolean().default(false),
});

export interface SlideSource {
  id: string;
  chapter: string;
  /** Path shown to the presenter, relative to the project root. */
  file: string;
  source: string;
  /** Directory imports inside the MDX resolve against. */
  cwd: string;
}

/**
 * Compiles one MDX slide with mdx-bundler and evaluates it here, on the Node side, into a data tree. Any
 * failure — bad frontmatter, MDX syntax, an unknown component, an exception in an expression — becomes an
 * error slide naming the file and, where the compiler knows it, the line.
 */
export async function compileSlide(input: SlideSource): Promise<Slide> {
  let meta: z.infer<typeof FrontmatterSchema>;
  try {
    meta = FrontmatterSchema.parse(readFrontmatter(input.source));
  } catch (error) {
    return errorSlide(input, { budgets: {}, skippable: false }, describe(error, input.file, 'Frontmatter'));
  }
  try {
    const { code } = await bundleMDX({
      source: input.source,
      cwd: input.cwd,
      mdxOptions: (options) => ({ ...options, remarkPlugins: [...(options.remarkPlugins ?? []), remarkGfm] }),
      esbuildOptions: (options) => ({ ...options, logLevel: 'silent', minify: false }),
    });
    const tree = mapElements(evaluate(code), withCommandLine);
    const { body, notes } = extractNotes(tree);
    return {
      id: input.id,
      chapter: input.chapter,
      file: input.file,
      title: meta.title ?? (textOf(findFirst(body, 'h1')?.children ?? []).trim() || input.id),
      budgets: meta.budgets,
      skippable: meta.skippable,
      body,
      notes,
      error: null,
    };
  } catch (error) {
    return errorSlide(input, meta, describe(error, input.file));
  }
}

/**
 * Runs the bundle in a fresh V8 context with only the tree runtime in scope: slide code gets no `process`,
 * `require` or globals of the app. (A context is not a security boundary; decks are the presenter's own files.
 * It keeps a careless expression from touching the app.) The time limit stops an endless loop in an expression.
 */
function evaluate(code: string): SlideNode[] {
  const components = Object.fromEntries(SLIDE_COMPONENTS.map((name) => [name, name]));
  const result: unknown = runInNewContext(
    `(function (_jsx_runtime) { ${code} })(runtime).default({ components })`,
    { runtime: treeJsxRuntime, components },
    { timeout: 1000, filename: 'slide.mdx.js' },
  );
  const nodes = Array.isArray(result) ? result : [result];
  // Objects made in the other context have its prototypes; a JSON round trip makes them plain data.
  return JSON.parse(JSON.stringify(nodes.filter((node) => node !== null && node !== undefined)));
}

/** Gives each command `<Action>` the command line it runs, so every window can show it before the first run. */
function withCommandLine(element: SlideElement): SlideElement {
  if (element.type !== 'Action' || typeof element.props.run !== 'string') return element;
  const command = ACTION_COMMANDS[element.props.run as keyof typeof ACTION_COMMANDS];
  return command ? { ...element, props: { ...element.props, commandLine: command.display } } : element;
}

function errorSlide(input: SlideSource, meta: { budgets: Record<string, number>; skippable: boolean }, error: SlideError): Slide {
  return {
    id: input.id,
    chapter: input.chapter,
    file: input.file,
    title: `Fehler in ${input.file}`,
    budgets: meta.budgets,
    skippable: meta.skippable,
    body: [],
    notes: [],
    error,
  };
}

/** Finds a position in what the compiler said: esbuild's location, or unified's `(line:column)` in the message. */
function describe(error: unknown, file: string, prefix?: string): SlideError {
  const esbuildError = (error as { errors?: { text?: string; location?: { line: number; column: number } | null; detail?: unknown }[] }).errors?.[0];
  const detail = esbuildError?.detail as { cause?: { reason?: string; place?: unknown } } | undefined;
  const raw =
    error instanceof z.ZodError
      ? z.prettifyError(error)
      : (detail?.cause?.reason ?? esbuildError?.text ?? (error instanceof Error ? error.message : String(error)));
  const message = raw.replace(/^Cannot process MDX file with esbuild:\s*/, '').replace(/^\d+:\d+:\s*/, '').trim();
  const place = /\((\d+):(\d+)(?:-\d+:\d+)?\)/.exec(message) ?? /^(\d+):(\d+)/.exec(raw.replace(/^Cannot process MDX file with esbuild:\s*/, ''));
  // YAML positions count from the first line after the opening `---`.
  const yamlPlace = (error as { linePos?: { line: number; col: number }[] }).linePos?.[0];
  let line = place ? Number(place[1]) : yamlPlace ? yamlPlace.line + 1 : null;
  let column = place ? Number(place[2]) : yamlPlace ? yamlPlace.col : null;
  if (line === null && esbuildError?.location && esbuildError.location.line > 0) {
    line = esbuildError.location.line;
    column = esbuildError.location.column + 1;
  }
  return { file, line, column, message: prefix ? `${prefix}: ${firstLines(message)}` : firstLines(message) };
}

function readFrontmatter(source: string): unknown {
  const block = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(source);
  return block ? (parseYaml(block[1] ?? '') ?? {}) : {};
}

function firstLines(text: string): string {
  return text.split('\n').slice(0, 6).join('\n');
}
