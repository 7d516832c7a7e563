import { SERVICE_KEYS, type ServiceKey } from '../../contract/dashboard';
import { journeys } from '../../dashboard/dashboard-queries';
import { describeFetchError, fetchJson } from '../../dashboard/http-json';
import { PrometheusClient } from '../../dashboard/prometheus-client';
import { fail, pass, type CheckDefinition } from '../check';
import { publishedPort } from '../compose-config';

/** The script's bar: "Load Test zeigt >50 RPS". */
export const MIN_RPS = 50;

/** The load balancer's entry per service (haproxy.cfg `frontend direct`), as container ports. */
const SERVICE_ENTRY: Record<ServiceKey, number> = {
  'product-service': 8081,
  'user-service': 8082,
  'analytics-service': 8083,
  'checkout-service': 8084,
};

export const dashboardSourcesCheck: CheckDefinition = {
  id: 'dashboard-sources',
  group: 'script',
  title: 'Dashboard lädt ohne Fehler (Datenquellen antworten)',
  async run({ endpoints }) {
    // The same three sources the HA dashboard polls, with the same requests.
    const sources = [
      { name: 'Prometheus', url: `${endpoints.prometheusUrl}/api/v1/query?query=up` },
      { name: 'Lastgenerator', url: `${endpoints.loadgenUrl}/api/v1/loadgen/status` },
      { name: 'Analytics', url: `${endpoints.analyticsUrl}/api/v1/analytics/business` },
    ];
    const results = await Promise.all(
      sources.map(async (source) => {
        const started = Date.now();
        try {
          await fetchJson(source.url, { timeoutMs: 3_000 });
          return { ...source, ok: true, detail: `${Date.now() - started} ms` };
        } catch (error) {
          return { ...source, ok: false, detail: describeFetchError(error) };
        }
      }),
    );
    const figures = Object.fromEntries(results.map((result) => [result.name, result.ok ? `ok (${result.detail})` : result.detail]));
    const failed = results.filter((result) => !result.ok);
    if (failed.length === 0) return pass(`${results.length} von ${results.length} antworten`, figures);
    const list = failed.map((result) => `${result.name}: ${result.detail}`).join('; ');
    return fail(`${results.length - failed.length} von ${results.length} antworten`, `Das Dashboard zeigt Fehler, weil ${failed.map((r) => r.name).join(', ')} nicht ${failed.length === 1 ? 'antwortet' : 'antworten'} (${list}).`, 'start-stack', figures);
  },
};

export const servicesHealthyCheck: CheckDefinition = {
  id: 'services-healthy',
  group: 'script',
  title: 'Alle 4 Services „Healthy“ (über den Load Balancer)',
  async run({ composeConfig }) {
    const config = await composeConfig().catch(() => undefined);
    const results = await Promise.all(
      SERVICE_KEYS.map(async (service) => {
        const entry = SERVICE_ENTRY[service];
        const port = (config && publishedPort(config, 'loadbalancer', entry)) ?? entry;
        try {
          const body = await fetchJson<{ status?: string }>(`http://127.0.0.1:${port}/health/ready`, { timeoutMs: 3_000 });
          return { service, ok: body.status === 'UP', detail: body.status ?? 'ohne Status' };
        } catch (error) {
          return { service, ok: false, detail: describeFetchError(error) };
        }
      }),
    );
    const figures = Object.fromEntries(results.map((result) => [result.service, result.ok ? 'UP' : result.detail]));
    const down = results.filter((result) => !result.ok);
    if (down.length === 0) return pass('4 von 4 gesund', figures);
    return fail(
      `${4 - down.length} von 4 gesund`,
      `Über den Load Balancer ${down.length === 1 ? 'ist' : 'sind'} ${down.map((r) => r.service).join(', ')} nicht gesund (${down[0]!.detail}).`,
      'start-stack',
      figures,
    );
  },
};

interface LoadgenStatus {
  running: boolean;
  targetRps: number;
  achievedRps: number;
}

export const loadRateCheck: CheckDefinition = {
  id: 'load-rate',
  group: 'script',
  title: `Lasttest zeigt > ${MIN_RPS} RPS`,
  async run({ endpoints }) {
    let status: LoadgenStatus;
    try {
      status = await fetchJson<LoadgenStatus>(`${endpoints.loadgenUrl}/api/v1/loadgen/status`, { timeoutMs: 3_000 });
    } catch (error) {
      return fail('Lastgenerator nicht erreichbar', `Der Lastgenerator antwortet nicht (${describeFetchError(error)}), also läuft kein Lasttest.`, 'start-stack');
    }
    // The rate the audience sees in the charts, measured by Prometheus from the generator's counters.
    const charted = await new PrometheusClient(endpoints.prometheusUrl)
      .query(journeys.rps)
      .then((samples) => samples[0]?.value ?? 0)
      .catch(() => null);
    const figures = {
      running: status.running,
      targetRps: status.targetRps,
      loadgenRps: round(status.achievedRps),
      prometheusRps: charted === null ? 'nicht erreichbar' : round(charted),
    };
    const measured = `${round(status.achievedRps)} req/s laut Lastgenerator, ${charted === null ? 'Prometheus nicht erreichbar' : `${round(charted)} req/s laut Prometheus`} (Ziel ${status.targetRps})`;
    if (!status.running) return fail(measured, 'Der Lasttest ist gestoppt, die Diagramme bleiben leer.', 'start-load', figures);
    if (status.targetRps <= MIN_RPS) {
      return fail(measured, `Das Ziel des Lasttests ist ${status.targetRps} req/s, für die Demo braucht es mehr als ${MIN_RPS}: die Rate erhöhen.`, undefined, figures);
    }
    const achieved = Math.min(status.achievedRps, charted ?? Infinity);
    if (achieved <= MIN_RPS) {
      return fail(measured, `Der Lasttest erreicht nur ${round(achieved)} req/s statt mehr als ${MIN_RPS}: der Stack ist zu langsam oder gerade erst gestartet.`, undefined, figures);
    }
    return pass(measured, figures);
  },
};

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
