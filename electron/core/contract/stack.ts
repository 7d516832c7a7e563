import { z } from 'zod';

/** Docker's container states, as the engine reports them. */
export const ContainerStateSchema = z.enum(['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead']);
export type ContainerState = z.infer<typeof ContainerStateSchema>;

/** `none` for containers without a healthcheck. */
export const ContainerHealthSchema = z.enum(['starting', 'healthy', 'unhealthy', 'none']);
export type ContainerHealth = z.infer<typeof ContainerHealthSchema>;

export const ContainerSchema = z.object({
  id: z.string(),
  /** Display name as Compose users know it: `service-N`. */
  name: z.string(),
  service: z.string(),
  replica: z.number().int().positive(),
  state: ContainerStateSchema,
  health: ContainerHealthSchema,
  /** Docker's own status line, e.g. "Up 5 minutes (healthy)". */
  statusText: z.string(),
  image: z.string(),
});
export type Container = z.infer<typeof ContainerSchema>;

export const EngineStatusSchema = z.discriminatedUnion('reachable', [
  z.object({
    reachable: z.literal(true),
    /** Where the app talks to the engine, e.g. `unix:///var/run/docker.sock`. */
    target: z.string(),
    version: z.string(),
    apiVersion: z.string(),
  }),
  z.object({
    reachable: z.literal(false),
    target: z.string(),
    /** The error the engine connection ended with, as the OS reported it. */
    reason: z.string(),
  }),
]);
export type EngineStatus = z.infer<typeof EngineStatusSchema>;

export const StackSnapshotSchema = z.object({
  project: z.string(),
  engine: EngineStatusSchema,
  containers: z.array(ContainerSchema),
  /** ISO timestamp of the observation. */
  observedAt: z.string(),
});
export type StackSnapshot = z.infer<typeof StackSnapshotSchema>;

export const LogLineSchema = z.object({
  /** `service-N`. */
  container: z.string(),
  stream: z.enum(['stdout', 'stderr']),
  time: z.string(),
  text: z.string(),
  level: z.enum(['info', 'warn', 'error']),
});
export type LogLine = z.infer<typeof LogLineSchema>;

/** A Compose service name as Compose allows it; anything else is refused before the engine is asked. */
export const ServiceNameSchema = z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,62}$/, 'Ungültiger Dienstname');
