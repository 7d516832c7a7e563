import { useQuery } from '@tanstack/react-query';
import type { ChartPoint } from '../../../electron/core/contract';
import { api } from '../api/client';
import { useStack } from '../stack/useStack';
import { EventTimeline } from './EventTimeline';
import { formatEuro, formatMs, formatPercent, formatRps } from './format';
import { LiveCharts } from './LiveCharts';
import { LoadTestPanel } from './LoadTestPanel';
import { ServiceCards } from './ServiceCards';
import { StackControls } from './StackControls';

/** The view the script opens at /ha-dashboard: four services, live traffic, what just happened. */
export function HaDashboard() {
  const { data: dashboard } = useQuery(api.dashboard.watch.experimental_liveOptions({ retry: true, retryDelay: 1000 }));
  const { data: stack } = useStack();

  return (
    <div className="dashboard">
      <header className="dashboard-header">
        <h1>HA-Dashboard</h1>
        <StackControls />
      </header>
      {stack && !stack.engine.reachable && (
        <div className="notice notice-bad" role="alert">
          Docker-Engine nicht erreichbar ({stack.engine.target}) — Zustände der Dienste unbekannt.
        </div>
      )}
      {dashboard && !dashboard.sources.prometheus.reachable && (
        <div className="notice notice-warn" role="status">
          Prometheus nicht erreichbar: {dashboard.sources.prometheus.detail}. Kennzahlen erscheinen, sobald er antwortet.
        </div>
      )}
      {dashboard ? <ServiceCards services={dashboard.services} /> : <p className="muted">Verbinde …</p>}
      <div className="dashboard-grid">
        <section className="panel" aria-labelledby="charts-title">
          <header className="panel-header">
            <h2 id="charts-title">Live-Metriken</h2>
            <span className="muted">letzte 5 Minuten · aus Prometheus</span>
            <CurrentFigures points={dashboard?.chart ?? []} />
          </header>
          {dashboard && dashboard.sources.prometheus.reachable && dashboard.chart.length === 0 ? (
            <p className="muted empty-chart">Noch keine Daten — der Lasttest liefert die ersten Werte nach wenigen Sekunden.</p>
          ) : (
            <LiveCharts points={dashboard?.chart ?? []} />
          )}
        </section>
        <div className="side-column">
          <LoadTestPanel loadTest={dashboard?.loadTest ?? null} unreachable={dashboard?.sources.loadgen.detail} />
          <section className="panel business" aria-labelledby="business-title">
            <header className="panel-header">
              <h2 id="business-title">Umsatz live</h2>
            </header>
            {dashboard?.business ? (
              <dl className="figures figures-large">
                <div>
                  <dt>Bestellungen/min</dt>
                  <dd>{formatRps(dashboard.business.ordersPerMinute)}</dd>
                </div>
                <div>
                  <dt>Umsatz/min</dt>
                  <dd>{formatEuro(dashboard.business.revenuePerMinuteEur)}</dd>
                </div>
              </dl>
            ) : (
              <p className="muted">Analytics nicht erreichbar{dashboard?.sources.analytics.detail ? `: ${dashboard.sources.analytics.detail}` : ''}.</p>
            )}
          </section>
          <EventTimeline />
        </div>
      </div>
    </div>
  );
}

/** The newest point of each chart as a large figure: what the presenter reads out ("100 Requests pro Sekunde"). */
function CurrentFigures({ points }: { points: ChartPoint[] }) {
  const latest = [...points].reverse().find((point) => point.rps !== null);
  return (
    <dl className="current-figures" aria-label="Aktuelle Werte">
      <div>
        <dt>Anfragen/s</dt>
        <dd data-testid="current-rps">{formatRps(latest?.rps)}</dd>
      </div>
      <div>
        <dt>p95</dt>
        <dd data-testid="current-p95">{formatMs(latest?.p95Ms)}</dd>
      </div>
      <div>
        <dt>Fehler</dt>
        <dd data-testid="current-errors">{formatPercent(latest?.errorPercent == null ? null : latest.errorPercent / 100)}</dd>
      </div>
    </dl>
  );
}
