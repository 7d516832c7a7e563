import { z } from 'zod';

/**
 * pass/fail: measured. unchecked: could not be measured here (said why) — never counted as passed.
 * manual: a tick only the presenter can give.
 */
export const CheckStatusSchema = z.enum(['pass', 'fail', 'unchecked', 'manual']);
export type CheckStatus = z.infer<typeof CheckStatusSchema>;

export const CHECK_IDS = [
  'dashboard-sources',
  'services-healthy',
  'load-rate',
  'grafana-data',
  'business-value',
  'docker-engine',
  'compose',
  'images',
  'ports',
  'resources',
  'slides',
  'displays',
  'clock',
] as const;
export const CheckIdSchema = z.enum(CHECK_IDS);
export type CheckId = z.infer<typeof CheckIdSchema>;

/** What a fix button does; the check it belongs to runs again afterwards. */
export const FixIdSchema = z.enum(['build-images', 'pull-images', 'start-stack', 'start-load', 'stop-old-stack']);
export type FixId = z.infer<typeof FixIdSchema>;

export const FigureValueSchema = z.union([z.string(), z.number(), z.boolean()]);

export const PreflightCheckSchema = z.object({
  id: CheckIdSchema,
  /** "script": the demo script's success checklist; "readiness": what else breaks a demo on stage. */
  group: z.enum(['script', 'readiness']),
  title: z.string(),
  status: CheckStatusSchema,
  /** What was measured, short enough for a table cell: "Docker 20.10.24 (API 1.41)". */
  measured: z.string(),
  /** One German sentence: why it failed, or why it cannot be checked here. null when passed. */
  reason: z.string().nullable(),
  fix: z.object({ id: FixIdSchema, label: z.string() }).nullable(),
  /** The raw figures behind `measured`, for the saved report. */
  figures: z.record(z.string(), FigureValueSchema),
  durationMs: z.number().nonnegative(),
});
export type PreflightCheck = z.infer<typeof PreflightCheckSchema>;

export const PreflightReportSchema = z.object({
  /** Increases with every run, so the UI can tell a rerun from the previous result. */
  revision: z.number().int().nonnegative(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** Checks still being measured in this run. */
  running: z.array(CheckIdSchema),
  checks: z.array(PreflightCheckSchema),
  gate: z.object({
    /** True only when every automated check passed: "Bereit für die Bühne". */
    ready: z.boolean(),
    headline: z.string(),
    detail: z.string(),
  }),
  /**
   * The fix being applied right now (`settling`: it has run, and the checks it was offered for are re-run until
   * they pass or `settleSeconds` are up), and how the last one ended.
   */
  fixing: z.object({ id: FixIdSchema, label: z.string(), phase: z.enum(['applying', 'settling']), settleSeconds: z.number() }).nullable(),
  lastFix: z.object({ id: FixIdSchema, ok: z.boolean(), message: z.string() }).nullable(),
});
export type PreflightReport = z.infer<typeof PreflightReportSchema>;

export const SavedReportSchema = z.object({
  /** Where the Node side wrote the report. */
  path: z.string(),
  fileName: z.string(),
  markdown: z.string(),
});
export type SavedReport = z.infer<typeof SavedReportSchema>;
