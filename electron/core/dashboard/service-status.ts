import type { BreakerState, Container, ServiceKey, ServiceStatus, StackSnapshot } from '../contract';

export interface ServiceFigures {
  rps: number | null;
  p95Ms: number | null;
  errorRatio: number | null;
}

/** The script's promise, as thresholds: p95 under 100 ms, errors under 1 %. */
export const P95_LIMIT_MS = 100;
export const ERROR_RATIO_LIMIT = 0.01;
/** Below this a percentile is a handful of requests (health probes, one curl): too few to call a service slow. */
export const MIN_RPS_FOR_JUDGEMENT = 1;

const isServing = (container: Container) => container.state === 'running' && (container.health === 'healthy' || container.health === 'none');

/**
 * Gesund: every replica up and the figures within the promise. Eingeschränkt: some replicas down, or too
 * slow, or too many errors. Ausgefallen: no replica serving. Docker decides up/down (events arrive in
 * milliseconds); Prometheus only adds "too slow / too many errors".
 */
export function serviceStatus(key: ServiceKey, stack: StackSnapshot, figures: ServiceFigures): { status: ServiceStatus; reason: string; healthy: number; total: number } {
  if (!stack.engine.reachable) return { status: 'unknown', reason: 'Docker-Engine nicht erreichbar', healthy: 0, total: 0 };
  const replicas = stack.containers.filter((container) => container.service === key);
  const healthy = replicas.filter(isServing).length;
  const total = replicas.length;
  if (total === 0) return { status: 'down', reason: 'nicht gestartet', healthy, total };
  if (healthy === 0) {
    const starting = replicas.some((container) => container.state === 'running' && container.health === 'starting');
    return { status: 'down', reason: starting ? 'startet …' : describeDown(replicas), healthy, total };
  }
  if (healthy < total) return { status: 'degraded', reason: `${healthy} von ${total} Replikaten gesund`, healthy, total };
  const enoughTraffic = (figures.rps ?? 0) >= MIN_RPS_FOR_JUDGEMENT;
  if (enoughTraffic && figures.errorRatio !== null && figures.errorRatio > ERROR_RATIO_LIMIT) {
    return { status: 'degraded', reason: `Fehlerquote ${(figures.errorRatio * 100).toFixed(1).replace('.', ',')} %`, healthy, total };
  }
  if (enoughTraffic && figures.p95Ms !== null && figures.p95Ms > P95_LIMIT_MS) {
    return { status: 'degraded', reason: `p95 ${Math.round(figures.p95Ms)} ms über ${P95_LIMIT_MS} ms`, healthy, total };
  }
  return { status: 'healthy', reason: total === 1 ? '1 Replikat gesund' : `${total} Replikate gesund`, healthy, total };
}

function describeDown(replicas: Container[]): string {
  const [first] = replicas;
  if (!first) return 'nicht gestartet';
  if (first.state === 'paused') return 'pausiert';
  if (first.state === 'restarting') return 'startet neu';
  if (first.state === 'running' && first.health === 'unhealthy') return 'ungesund';
  return 'gestoppt';
}

export function breakerState(value: number): BreakerState {
  return value >= 2 ? 'open' : value >= 1 ? 'half-open' : 'closed';
}
