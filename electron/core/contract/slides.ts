import { z } from 'zod';

/**
 * A compiled slide is sent to the UI as a tree of plain data, not as code: the Node side evaluates the MDX
 * bundle, the UI maps element names onto an allowlist of HTML tags and slide components. No code from a deck
 * ever runs in the UI, so its Content-Security-Policy stays free of 'unsafe-eval'.
 */
export interface SlideElement {
  type: string;
  props: Record<string, z.core.util.JSONType>;
  children: SlideNode[];
}
export type SlideNode = string | SlideElement;

export const SlideElementSchema: z.ZodType<SlideElement> = z.object({
  type: z.string(),
  props: z.record(z.string(), z.json()),
  get children() {
    return z.array(SlideNodeSchema);
  },
});
export const SlideNodeSchema: z.ZodType<SlideNode> = z.union([z.string(), SlideElementSchema]);

export const SlideErrorSchema = z.object({
  /** Path relative to the project root, e.g. `slides/02-api-demo/03-anmelden.mdx`. */
  file: z.string(),
  line: z.number().int().nullable(),
  column: z.number().int().nullable(),
  message: z.string(),
});
export type SlideError = z.infer<typeof SlideErrorSchema>;

export const SlideSchema = z.object({
  /** `<chapter>/<file name without .mdx>`, stable across edits of the slide's content. */
  id: z.string(),
  chapter: z.string(),
  file: z.string(),
  title: z.string(),
  /** Seconds per track id; a slide belongs to exactly the tracks named here. */
  budgets: z.record(z.string(), z.number().nonnegative()),
  /** The presenter may drop this slide when running late. */
  skippable: z.boolean(),
  body: z.array(SlideNodeSchema),
  notes: z.array(SlideNodeSchema),
  error: SlideErrorSchema.nullable(),
});
export type Slide = z.infer<typeof SlideSchema>;

export const TrackSlideSchema = z.object({ slideId: z.string(), budget: z.number().nonnegative() });
export type TrackSlide = z.infer<typeof TrackSlideSchema>;

export const TrackSchema = z.object({
  id: z.string(),
  title: z.string(),
  audience: z.string(),
  seconds: z.number().int().positive(),
  slides: z.array(TrackSlideSchema),
});
export type Track = z.infer<typeof TrackSchema>;

export const DeckSchema = z.object({
  /** Increases with every reload; 0 while the first compilation is still running. */
  revision: z.number().int().nonnegative(),
  loadedAt: z.string(),
  chapters: z.array(z.object({ id: z.string(), title: z.string() })),
  slides: z.array(SlideSchema),
  tracks: z.array(TrackSchema),
  checklist: z.array(z.object({ id: z.string(), text: z.string() })),
  /** Deck-level mistakes the presenter should fix, e.g. a track whose budgets do not add up. */
  problems: z.array(z.string()),
});
export type Deck = z.infer<typeof DeckSchema>;

/** The app views an `<Action>` can put on the audience screen. */
export const StageViewSchema = z.enum(['/ha-dashboard', '/grafana', '/chaos']);
export type StageView = z.infer<typeof StageViewSchema>;

export const TimerSchema = z.object({
  /** Epoch ms; shifted forward on resume, so elapsed = (pausedAt ?? now) − startedAt at any time. */
  startedAt: z.number().nullable(),
  pausedAt: z.number().nullable(),
  pauseReason: z.enum(['pause', 'question']).nullable(),
  /** Time spent in question pauses so far, for the presenter's summary. */
  questionMs: z.number().nonnegative(),
});
export type Timer = z.infer<typeof TimerSchema>;

export const SessionSchema = z.object({
  trackId: z.string(),
  /** Index into the track's slide list. */
  position: z.number().int().nonnegative(),
  /** The slide at `position`, used to find it again when a deck edit moves it. */
  slideId: z.string().nullable(),
  timer: TimerSchema,
  blackout: z.boolean(),
  /** An app view shown to the audience instead of the slides, or null for the slides. */
  stage: StageViewSchema.nullable(),
  checklist: z.record(z.string(), z.boolean()),
  /** Shared state of live widgets (e.g. the downtime calculator's inputs), so the audience sees what the presenter sets. */
  widgets: z.record(z.string(), z.json()),
  updatedAt: z.number(),
});
export type Session = z.infer<typeof SessionSchema>;

export const SessionCommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('next') }),
  z.object({ type: z.literal('prev') }),
  z.object({ type: z.literal('go'), position: z.number().int().nonnegative() }),
  z.object({ type: z.literal('track'), trackId: z.string().min(1) }),
  z.object({ type: z.literal('timer'), action: z.enum(['start', 'pause', 'resume', 'realign', 'reset']) }),
  z.object({ type: z.literal('question'), action: z.enum(['start', 'end']) }),
  z.object({ type: z.literal('blackout'), on: z.boolean().optional() }),
  z.object({ type: z.literal('stage'), view: StageViewSchema.nullable() }),
  z.object({ type: z.literal('checklist'), itemId: z.string().min(1), done: z.boolean() }),
  z.object({ type: z.literal('widget'), key: z.string().min(1).max(100), value: z.json() }),
]);
export type SessionCommand = z.infer<typeof SessionCommandSchema>;

/** Commands a slide may run, by id; the Node side holds their argument arrays. */
export const ActionCommandIdSchema = z.enum(['load-test', 'products', 'categories', 'login', 'order', 'business', 'downtime-cost', 'health', 'problem', 'resilience', 'prometheus-rps']);
export type ActionCommandId = z.infer<typeof ActionCommandIdSchema>;

export const ActionRunSchema = z.object({
  runId: z.string(),
  commandId: ActionCommandIdSchema,
  /** The command line as the presenter would type it. */
  display: z.string(),
  status: z.enum(['running', 'succeeded', 'failed']),
  exitCode: z.number().int().nullable(),
  output: z.string(),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
});
export type ActionRun = z.infer<typeof ActionRunSchema>;

/** The latest run of each command. */
export const ActionRunsSchema = z.record(z.string(), ActionRunSchema);
export type ActionRuns = z.infer<typeof ActionRunsSchema>;

export const LoadTestFiguresSchema = z.discriminatedUnion('reachable', [
  z.object({
    reachable: z.literal(true),
    summary: z.string(),
    requestsPerSecond: z.number().nullable(),
    p95Ms: z.number().nullable(),
    errorRatePercent: z.number().nullable(),
    servicesHealthy: z.number().int().nullable(),
    servicesTotal: z.number().int().nullable(),
    measuredAt: z.string(),
  }),
  z.object({ reachable: z.literal(false), source: z.string(), reason: z.string() }),
]);
export type LoadTestFigures = z.infer<typeof LoadTestFiguresSchema>;
