import { eventIterator, oc } from '@orpc/contract';
import { z } from 'zod';
import { StackOperationSchema } from './control';
import { DashboardSnapshotSchema, GrafanaStatusSchema, LoadTestSchema, TimelineEntrySchema } from './dashboard';
import {
  ActionCommandIdSchema,
  ActionRunSchema,
  ActionRunsSchema,
  DeckSchema,
  LoadTestFiguresSchema,
  SessionCommandSchema,
  SessionSchema,
} from './slides';
import { LogLineSchema, ServiceNameSchema, StackSnapshotSchema } from './stack';

export * from './control';
export * from './dashboard';
export * from './slides';
export * from './stack';

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  /** How the UI reaches the Node side; the UI shows it, it never branches on it. */
  transport: z.enum(['electron-ipc', 'http']),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

/**
 * The one API between UI and Node side. Both transports (Electron MessagePort, HTTP) serve this contract,
 * and the UI's client is typed by it alone.
 */
export const contract = {
  app: {
    info: oc.output(AppInfoSchema),
  },
  stack: {
    snapshot: oc.output(StackSnapshotSchema),
    /** A fresh snapshot whenever the engine reports a change, and when it goes away or comes back. */
    watch: oc.output(eventIterator(StackSnapshotSchema)),
    /** "Demo starten": compose up --wait, then the load test. Pressing twice joins the running start. */
    start: oc.output(StackOperationSchema),
    /** "Demo beenden": compose down. Harmless on a stopped stack. */
    stop: oc.output(StackOperationSchema),
    operation: oc.output(eventIterator(StackOperationSchema)),
    /** Follows the logs of every replica of one service, in batches of lines. */
    logs: oc.input(z.object({ service: ServiceNameSchema, tail: z.number().int().min(0).max(2000).default(200) })).output(eventIterator(z.array(LogLineSchema))),
  },
  dashboard: {
    watch: oc.output(eventIterator(DashboardSnapshotSchema)),
    timeline: oc.output(eventIterator(z.array(TimelineEntrySchema))),
    grafana: oc.output(GrafanaStatusSchema),
  },
  loadTest: {
    configure: oc
      .input(z.object({ targetRps: z.number().int().min(1, 'Mindestens 1 Anfrage/s').max(2000, 'Höchstens 2000 Anfragen/s') }))
      .output(LoadTestSchema),
    start: oc.output(LoadTestSchema),
    stop: oc.output(LoadTestSchema),
  },
  slides: {
    /** The compiled deck, again after every edit of a slide file. */
    deck: oc.output(eventIterator(DeckSchema)),
    /** The presentation session every window follows: track, slide, timer, blackout, what the audience sees. */
    session: oc.output(eventIterator(SessionSchema)),
    command: oc.input(SessionCommandSchema).output(SessionSchema),
    /** Runs an allowlisted command of a slide `<Action>`; output arrives through `actions`. */
    run: oc.input(z.object({ commandId: ActionCommandIdSchema })).output(ActionRunSchema),
    actions: oc.output(eventIterator(ActionRunsSchema)),
    loadTest: oc.output(LoadTestFiguresSchema),
  },
};
export type Contract = typeof contract;
