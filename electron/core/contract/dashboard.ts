import { z } from 'zod';

export const SERVICE_KEYS = ['product-service', 'user-service', 'checkout-service', 'analytics-service'] as const;
export const ServiceKeySchema = z.enum(SERVICE_KEYS);
export type ServiceKey = z.infer<typeof ServiceKeySchema>;

/** Gesund / Eingeschränkt / Ausgefallen, plus "unknown" while the engine cannot be asked. */
export const ServiceStatusSchema = z.enum(['healthy', 'degraded', 'down', 'unknown']);
export type ServiceStatus = z.infer<typeof ServiceStatusSchema>;

export const BreakerStateSchema = z.enum(['closed', 'half-open', 'open']);
export type BreakerState = z.infer<typeof BreakerStateSchema>;

export const ServiceCardSchema = z.object({
  key: ServiceKeySchema,
  status: ServiceStatusSchema,
  /** Why the status is what it is, in German, e.g. "1 von 2 Replikaten gesund". */
  reason: z.string(),
  replicasHealthy: z.number().int(),
  replicasTotal: z.number().int(),
  /** null: no figure yet (no traffic, or Prometheus unreachable) — never a made-up zero. */
  rps: z.number().nullable(),
  p95Ms: z.number().nullable(),
  errorRatio: z.number().nullable(),
  /** Breakers this service holds towards its dependencies (checkout only). */
  breakers: z.array(z.object({ dependency: z.string(), state: BreakerStateSchema })),
});
export type ServiceCard = z.infer<typeof ServiceCardSchema>;

export const ChartPointSchema = z.object({
  /** Unix seconds. */
  t: z.number(),
  rps: z.number().nullable(),
  targetRps: z.number().nullable(),
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
  errorPercent: z.number().nullable(),
});
export type ChartPoint = z.infer<typeof ChartPointSchema>;

export const SourceStatusSchema = z.object({ reachable: z.boolean(), detail: z.string().optional() });

export const LoadTestSchema = z.object({
  running: z.boolean(),
  targetRps: z.number(),
  achievedRps: z.number(),
});
export type LoadTest = z.infer<typeof LoadTestSchema>;

export const BusinessSchema = z.object({
  ordersPerMinute: z.number().nullable(),
  revenuePerMinuteEur: z.number().nullable(),
  degradedOrders: z.number().nullable(),
});

export const DashboardSnapshotSchema = z.object({
  observedAt: z.string(),
  sources: z.object({ prometheus: SourceStatusSchema, loadgen: SourceStatusSchema, analytics: SourceStatusSchema }),
  services: z.array(ServiceCardSchema),
  /** The last five minutes, as the load generator (the users' view) and the services saw them. */
  chart: z.array(ChartPointSchema),
  loadTest: LoadTestSchema.nullable(),
  business: BusinessSchema.nullable(),
});
export type DashboardSnapshot = z.infer<typeof DashboardSnapshotSchema>;

export const TimelineEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  kind: z.enum(['died', 'started', 'healthy', 'unhealthy', 'paused', 'unpaused', 'created', 'removed', 'breaker', 'scaling', 'operation']),
  tone: z.enum(['ok', 'warn', 'bad', 'info']),
  /** German, one line: "product-service-1 ausgefallen (Exit-Code 137)". */
  text: z.string(),
});
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

export const GrafanaStatusSchema = z.object({
  reachable: z.boolean(),
  embedUrl: z.string(),
  version: z.string().optional(),
  detail: z.string().optional(),
});
