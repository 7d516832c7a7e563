import { homedir } from 'node:os';
import { join } from 'node:path';
import type { DashboardEndpoints } from '../dashboard/dashboard-service';
import type { ChaosEndpoints } from './chaos-service';
import { DEFAULT_METER, type MeterSettings } from './recovery-meter';

/** The stack's published ports for chaos work, moved by the same variables as in compose.yaml; loopback only. */
export function chaosEndpoints(env: NodeJS.ProcessEnv, dashboard: DashboardEndpoints): ChaosEndpoints {
  return {
    lbUrl: env.HA_DEMO_LB_URL ?? `http://127.0.0.1:${env.LB_PORT ?? 8080}`,
    toxiproxyUrl: env.HA_DEMO_TOXIPROXY_URL ?? `http://127.0.0.1:${env.TOXIPROXY_PORT ?? 8474}`,
    haproxyStatsUrl: `http://127.0.0.1:${env.HAPROXY_STATS_PORT ?? 8404}/stats;csv`,
    prometheusUrl: dashboard.prometheusUrl,
    loadgenUrl: dashboard.loadgenUrl,
    grafanaUrl: dashboard.grafanaUrl,
  };
}

/** Beside the presentation session: survives an app crash, so the next start can undo what was left. */
export function chaosJournalFile(env: NodeJS.ProcessEnv): string {
  return env.HA_DEMO_CHAOS_JOURNAL ?? join(homedir(), '.ha-demo-presenter', 'chaos-journal.jsonl');
}

export function grafanaCredentials(env: NodeJS.ProcessEnv): { user: string; password: string } {
  return { user: env.GRAFANA_ADMIN_USER ?? 'admin', password: env.GRAFANA_ADMIN_PASSWORD ?? 'admin' };
}

/** The p95 a healthy probe window must stay under; a slow machine may need more than the default 1.5 s. */
export function meterSettings(env: NodeJS.ProcessEnv): MeterSettings {
  const target = Number(env.HA_DEMO_CHAOS_P95_TARGET_MS);
  return Number.isFinite(target) && target > 0 ? { ...DEFAULT_METER, slowMs: target } : DEFAULT_METER;
}
