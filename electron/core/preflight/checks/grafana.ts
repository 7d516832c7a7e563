import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeFetchError, fetchJson } from '../../dashboard/http-json';
import { OVERVIEW_DASHBOARD_PATH, probeGrafana } from '../../dashboard/grafana-probe';
import { fail, pass, unchecked, type CheckDefinition, type CheckOutcome } from '../check';

const OVERVIEW_TITLE = 'HA Architecture Overview';
const OVERVIEW_UID = OVERVIEW_DASHBOARD_PATH.split('/')[2]!;

interface Target {
  refId: string;
  expr?: string;
  datasource?: unknown;
}
interface Panel {
  type?: string;
  title?: string;
  datasource?: unknown;
  targets?: Target[];
  panels?: Panel[];
}
interface Dashboard {
  title: string;
  uid: string;
  panels?: Panel[];
}

/** stack/grafana/check-dashboards.mjs: the stack's own checker, which runs every panel's query against Prometheus. */
interface DashboardChecker {
  checkStructure(dir: string): { problems: string[]; dashboards: Array<{ file: string; dashboard: Dashboard }> };
  checkData(prometheus: string, dashboards: Array<{ file: string; dashboard: Dashboard }>): Promise<{ problems: string[]; queries: number }>;
}

export const grafanaDataCheck: CheckDefinition = {
  id: 'grafana-data',
  group: 'script',
  title: `Grafana „${OVERVIEW_TITLE}“ zeigt Live-Daten`,
  async run({ endpoints, compose }) {
    const grafana = await probeGrafana(endpoints.grafanaUrl);
    if (grafana.reachable) return throughGrafana(endpoints.grafanaUrl, grafana.version);
    return againstPrometheus(join(compose.stackDir, 'grafana'), endpoints.prometheusUrl, grafana.detail ?? 'nicht erreichbar');
  },
};

/** Where Grafana runs: ask it, panel by panel, as the browser would (anonymous viewer, no credentials). */
async function throughGrafana(grafanaUrl: string, version: string | undefined): Promise<CheckOutcome> {
  let dashboard: Dashboard;
  try {
    ({ dashboard } = await fetchJson<{ dashboard: Dashboard }>(`${grafanaUrl}/api/dashboards/uid/${OVERVIEW_UID}`, { timeoutMs: 5_000 }));
  } catch (error) {
    return fail('Dashboard fehlt', `Grafana läuft, kennt aber „${OVERVIEW_TITLE}“ nicht (${describeFetchError(error)}): die Provisionierung prüfen.`);
  }
  const panels = flatten(dashboard.panels).filter((panel) => panel.type !== 'row');
  const empty: string[] = [];
  let queries = 0;
  for (const panel of panels) {
    const targets = (panel.targets ?? []).filter((target) => target.expr);
    queries += targets.length;
    try {
      const response = await fetchJson<{ results?: Record<string, { error?: string; frames?: Array<{ data?: { values?: unknown[][] } }> }> }>(`${grafanaUrl}/api/ds/query`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          from: 'now-5m',
          to: 'now',
          queries: targets.map((target) => ({ refId: target.refId, datasource: target.datasource ?? panel.datasource, expr: target.expr, instant: true, range: false })),
        }),
        timeoutMs: 10_000,
      });
      const withoutData = targets.filter((target) => !frameHasData(response.results?.[target.refId]?.frames));
      if (withoutData.length > 0) empty.push(panel.title ?? '?');
    } catch {
      empty.push(panel.title ?? '?');
    }
  }
  const figures = { source: `Grafana ${version ?? ''}`.trim(), panels: panels.length, queries, panelsWithoutData: empty.join(', ') };
  if (empty.length === 0) return pass(`${panels.length} Panels mit Daten (über Grafana ${version ?? ''})`.replace(' )', ')'), figures);
  return fail(`${empty.length} von ${panels.length} Panels ohne Daten`, `In Grafana ${empty.length === 1 ? 'zeigt ein Panel' : `zeigen ${empty.length} Panels`} „No Data“: ${empty.join(', ')}.`, undefined, figures);
}

/**
 * Where Grafana cannot run: the stack's own checker runs every panel's queries against Prometheus. That proves
 * the data is there, not that Grafana shows it, so the item stays "not checkable" — never green by default.
 */
async function againstPrometheus(grafanaDir: string, prometheusUrl: string, grafanaDetail: string): Promise<CheckOutcome> {
  const checker = (await import(/* @vite-ignore */ pathToFileURL(join(grafanaDir, 'check-dashboards.mjs')).href)) as DashboardChecker;
  const { dashboards } = checker.checkStructure(grafanaDir);
  const overview = dashboards.filter(({ dashboard }) => dashboard.title === OVERVIEW_TITLE);
  if (overview.length === 0) return fail('Dashboard fehlt', `In stack/grafana/dashboards gibt es kein Dashboard „${OVERVIEW_TITLE}“.`);
  const panels = flatten(overview[0]!.dashboard.panels).filter((panel) => panel.type !== 'row').length;
  const reachable = await fetchJson(`${prometheusUrl}/api/v1/query?query=up`).then(() => true, () => false);
  if (!reachable) {
    return fail(`Grafana: ${grafanaDetail}; Prometheus nicht erreichbar`, `Prometheus antwortet nicht, also zeigte jedes der ${panels} Panels „No Data“.`, 'start-stack', { panels });
  }
  const { problems, queries } = await checker.checkData(prometheusUrl, overview);
  const emptyPanels = [...new Set(problems.map((problem) => /panel "([^"]+)"/.exec(problem)?.[1] ?? problem))];
  const figures = { source: 'Prometheus (Grafana nicht erreichbar)', grafana: grafanaDetail, panels, queries, panelsWithoutData: emptyPanels.join(', ') };
  if (emptyPanels.length > 0) {
    return fail(
      `${emptyPanels.length} von ${panels} Panels ohne Daten (in Prometheus)`,
      `Schon in Prometheus fehlen Daten für ${emptyPanels.length === 1 ? 'ein Panel' : `${emptyPanels.length} Panels`}, Grafana zeigte dort „No Data“: ${emptyPanels.join(', ')}.`,
      // No button: a missing series has many causes; the load and service checks offer the fixes that apply.
      undefined,
      figures,
    );
  }
  return unchecked(
    `Grafana nicht erreichbar; ${queries} Abfragen aller ${panels} Panels liefern in Prometheus Daten`,
    `Grafana läuft hier nicht (${grafanaDetail}); geprüft sind nur dieselben Abfragen gegen Prometheus, nicht Grafanas Anzeige.`,
    figures,
  );
}

function flatten(panels: Panel[] | undefined): Panel[] {
  return (panels ?? []).flatMap((panel) => [panel, ...flatten(panel.type === 'row' ? panel.panels : undefined)]);
}

function frameHasData(frames: Array<{ data?: { values?: unknown[][] } }> | undefined): boolean {
  return (frames ?? []).some((frame) => {
    const values = frame.data?.values ?? [];
    // values[0] is the time column; any other column with a real number counts.
    return values.slice(1).some((column) => column.some((value) => typeof value === 'number' && Number.isFinite(value)));
  });
}
