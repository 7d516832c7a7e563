import { z } from 'zod';

/**
 * Absturz (kill the process inside the container), Stoppen, Pausieren, Latenz and Unterbrechung (on a
 * Toxiproxy route), CPU-Last (a bounded busy loop inside one container).
 */
export const FAULT_KINDS = ['crash', 'stop', 'pause', 'latency', 'cut', 'cpu'] as const;
export const FaultKindSchema = z.enum(FAULT_KINDS);
export type FaultKind = z.infer<typeof FaultKindSchema>;

/** The German names the chaos tab and the journal use for each fault. */
export const KIND_LABELS: Record<FaultKind, string> = {
  crash: 'Absturz',
  stop: 'Stoppen',
  pause: 'Pausieren',
  latency: 'Latenz',
  cut: 'Unterbrechung',
  cpu: 'CPU-Last',
};

const ContainerRefSchema = z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/, 'Ungültiger Containername');

/** What a fault hits: every replica of a service, one replica, a container by name or id, or a Toxiproxy route. */
export const FaultTargetSchema = z.union([
  z.object({
    service: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,62}$/, 'Ungültiger Dienstname'),
    /** Omitted: every replica. */
    replica: z.number().int().min(1).max(16).optional(),
  }),
  z.object({ container: ContainerRefSchema }),
  z.object({ route: z.string().regex(/^[a-z0-9-]{1,64}$/, 'Ungültige Route') }),
]);
export type FaultTarget = z.infer<typeof FaultTargetSchema>;

export const FaultRequestSchema = z.object({
  kind: FaultKindSchema,
  target: FaultTargetSchema,
  /** Every fault ends by itself: reverted at its deadline. */
  durationSeconds: z.number().int().min(1, 'Mindestens 1 s').max(600, 'Höchstens 600 s').default(30),
  latencyMs: z.number().int().min(1).max(10_000).default(500),
  jitterMs: z.number().int().min(0).max(5_000).default(50),
});
export type FaultRequest = z.input<typeof FaultRequestSchema>;
export type FaultRequestParsed = z.output<typeof FaultRequestSchema>;

/** The measured effect of a fault, from probe journeys through the load balancer. null: not (yet) measured. */
export const RecoverySchema = z.object({
  /** Fault → first symptom (a failed or slow probe, or the engine reporting the container down). */
  detectedAfterMs: z.number().nullable(),
  detectedBy: z.string().nullable(),
  /** Fault → the target is healthy again and the probe journeys are healthy again (confirmed over three windows). */
  mttrMs: z.number().nullable(),
  /** self-healing: recovered before the fault was reverted; rollback: only after the revert. */
  recoveredBy: z.enum(['self-healing', 'rollback', 'pending', 'not-recovered']),
  probes: z.object({ total: z.number().int(), failed: z.number().int(), p95Ms: z.number().nullable() }),
  /** Requests of the load generator that failed between fault and recovery (null when it cannot be read). */
  loadgen: z.object({ total: z.number().int(), failed: z.number().int() }).nullable(),
});
export type Recovery = z.infer<typeof RecoverySchema>;

export const FaultSchema = z.object({
  id: z.string(),
  kind: FaultKindSchema,
  /** German, e.g. "Absturz product-service-1". */
  label: z.string(),
  targets: z.array(z.string()),
  startedAt: z.string(),
  deadline: z.string(),
  revertedAt: z.string().nullable(),
  status: z.enum(['active', 'reverted', 'failed']),
  detail: z.string().optional(),
  recovery: RecoverySchema,
});
export type Fault = z.infer<typeof FaultSchema>;

export const JourneyFiguresSchema = z.object({
  journey: z.string(),
  /** Over the last five seconds; null without probes in that window. */
  successRatio: z.number().nullable(),
  p95Ms: z.number().nullable(),
  probes: z.number().int(),
});
export type JourneyFigures = z.infer<typeof JourneyFiguresSchema>;

export const ScalingDecisionSchema = z.object({
  at: z.string(),
  service: z.string(),
  from: z.number().int(),
  to: z.number().int(),
  /** German: why, with the figures that crossed the threshold. */
  reason: z.string(),
  ok: z.boolean(),
});
export type ScalingDecision = z.infer<typeof ScalingDecisionSchema>;

export const AutoscalerSettingsSchema = z
  .object({
    enabled: z.boolean(),
    minReplicas: z.number().int().min(1).max(8),
    maxReplicas: z.number().int().min(1).max(8),
    /** Scale out when requests/s per replica exceed this … */
    scaleOutAboveRps: z.number().positive().max(10_000),
    /** … or the service's p95 exceeds this (ms). */
    scaleOutAboveP95Ms: z.number().positive().max(60_000),
    /** Scale in when the load would stay below this per replica with one replica fewer. */
    scaleInBelowRps: z.number().nonnegative().max(10_000),
    /** No decision within this time after the last one (also the time load must stay low before scaling in). */
    quietSeconds: z.number().int().min(5).max(3600),
  })
  .refine((settings) => settings.minReplicas <= settings.maxReplicas, { message: 'Minimum größer als Maximum', path: ['minReplicas'] })
  .refine((settings) => settings.scaleInBelowRps < settings.scaleOutAboveRps, { message: 'Schwelle zum Abbauen muss unter der zum Aufbauen liegen', path: ['scaleInBelowRps'] });
export type AutoscalerSettings = z.infer<typeof AutoscalerSettingsSchema>;

export const ChaosStateSchema = z.object({
  active: z.array(FaultSchema),
  /** Newest first, including active ones. */
  recent: z.array(FaultSchema),
  journeys: z.array(JourneyFiguresSchema),
  /** Whether probe journeys run right now (only while a fault is measured). */
  probing: z.boolean(),
  watchdog: z.object({
    enabled: z.boolean(),
    restarts: z.array(z.object({ at: z.string(), container: z.string(), reason: z.string() })),
  }),
  autoscaler: z.object({
    settings: AutoscalerSettingsSchema,
    replicas: z.number().int(),
    /** What the autoscaler saw last, e.g. "42 Anfragen/s je Replikat, p95 80 ms". */
    signal: z.string().nullable(),
    decisions: z.array(ScalingDecisionSchema),
  }),
  blackFriday: z.object({ active: z.boolean(), until: z.string().nullable(), factor: z.number(), baseRps: z.number().nullable() }),
});
export type ChaosState = z.infer<typeof ChaosStateSchema>;

export const ResetResultSchema = z.object({
  ok: z.boolean(),
  /** German, one line per step that did something, e.g. "product-service-1 fortgesetzt". */
  steps: z.array(z.string()),
  failures: z.array(z.string()),
});
export type ResetResult = z.infer<typeof ResetResultSchema>;

export const BlackFridayRequestSchema = z.object({
  factor: z.number().min(1.5).max(10).default(5),
  seconds: z.number().int().min(5).max(600).default(60),
});
