import { eventIterator, oc } from '@orpc/contract';
import { z } from 'zod';
import { StackSnapshotSchema } from './stack';

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
  },
};
export type Contract = typeof contract;
