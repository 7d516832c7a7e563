import { z } from 'zod';

/** What the one-click buttons are doing right now, and how the last run ended. */
export const StackOperationSchema = z.object({
  kind: z.enum(['idle', 'starting', 'stopping']),
  /** A German sentence for the presenter: what happens right now. */
  phase: z.string(),
  startedAt: z.string().nullable(),
  lastResult: z
    .object({
      kind: z.enum(['start', 'stop']),
      ok: z.boolean(),
      finishedAt: z.string(),
      seconds: z.number(),
      message: z.string(),
      /** When a service failed: its name and its last log lines. */
      failedService: z.string().optional(),
      logTail: z.array(z.string()).optional(),
    })
    .nullable(),
});
export type StackOperation = z.infer<typeof StackOperationSchema>;
