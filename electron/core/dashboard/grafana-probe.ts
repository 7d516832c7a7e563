import { describeFetchError, fetchJson } from './http-json';

export interface GrafanaStatus {
  reachable: boolean;
  /** The overview dashboard in kiosk mode, for the embedded view; anonymous viewer access, no credentials. */
  embedUrl: string;
  version?: string;
  detail?: string;
}

/** uid and title are fixed in stack/grafana/dashboards (the script names "HA Architecture Overview"). */
export const OVERVIEW_DASHBOARD_PATH = '/d/ha-overview/ha-architecture-overview';

export async function probeGrafana(baseUrl: string): Promise<GrafanaStatus> {
  const embedUrl = `${baseUrl}${OVERVIEW_DASHBOARD_PATH}?orgId=1&kiosk&theme=dark&refresh=5s`;
  try {
    const health = await fetchJson<{ database?: string; version?: string }>(`${baseUrl}/api/health`, { timeoutMs: 1_500 });
    if (health.database && health.database !== 'ok') return { reachable: false, embedUrl, detail: `Grafana meldet Datenbank „${health.database}“` };
    return { reachable: true, embedUrl, version: health.version };
  } catch (error) {
    return { reachable: false, embedUrl, detail: describeFetchError(error) };
  }
}
