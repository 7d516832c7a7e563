import { eventIterator, oc } from '@orpc/contract';
import { z } from 'zod';
import { AutoscalerSettingsSchema, BlackFridayRequestSchema, ChaosStateSchema, FaultRequestSchema, FaultSchema, ResetResultSchema } from './chaos';
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
import { FixIdSchema, PreflightReportSchema, SavedReportSchema } from './preflight';
import { LogLineSchema, ServiceNameSchema, StackSnapshotSchema } from './stack';

export * from './chaos';
export * from './control';
export * from './dashboard';
export * from './preflight';
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
  chaos: {
    /** Active and recent faults with their measured recovery, live journeys, watchdog, autoscaler, Black Friday. */
    watch: oc.output(eventIterator(ChaosStateSchema)),
    /** Applies a fault; it is reverted automatically at its deadline. Containers outside the project are refused. */
    inject: oc.input(FaultRequestSchema).output(FaultSchema),
    revert: oc.input(z.object({ faultId: z.string().min(1).max(80) })).output(ChaosStateSchema),
    /** "Alles zurücksetzen": every fault reverted and the baseline restored. */
    resetAll: oc.output(ResetResultSchema),
    blackFriday: oc.input(BlackFridayRequestSchema).output(ChaosStateSchema),
    autoscaler: oc.input(AutoscalerSettingsSchema).output(ChaosStateSchema),
    watchdog: oc.input(z.object({ enabled: z.boolean() })).output(ChaosStateSchema),
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
  preflight: {
    /** The latest pre-flight result, again whenever a check finishes. */
    watch: oc.output(eventIterator(PreflightReportSchema)),
    /** Runs every check again; pressing twice joins the running check. */
    run: oc.output(PreflightReportSchema),
    /** Applies a fix (e.g. "Stack starten"), then runs the checks again. */
    fix: oc.input(z.object({ fix: FixIdSchema })).output(PreflightReportSchema),
    /** The presenter's manual tick "Publikum versteht Business Value". */
    tick: oc.input(z.object({ checked: z.boolean() })).output(PreflightReportSchema),
    /** Writes the report as Markdown on the Node side and returns it. */
    save: oc.output(SavedReportSchema),
  },
};
export type Contract = typeof contract;
