import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { navigate, routes } from '../app/router';

/**
 * Grafana's "HA Architecture Overview" in kiosk mode. It runs in a sandboxed frame of its own origin (never a
 * <webview>), as an anonymous viewer: no credentials ever reach the renderer.
 */
export function GrafanaView() {
  const { data: grafana, isPending } = useQuery({
    ...api.dashboard.grafana.queryOptions(),
    refetchInterval: (query) => (query.state.data?.reachable ? 30_000 : 3_000),
  });

  if (isPending) return <p className="muted">Prüfe Grafana …</p>;
  if (!grafana?.reachable) {
    return (
      <section className="panel grafana-unreachable" role="status" aria-labelledby="grafana-title">
        <h2 id="grafana-title">Grafana nicht erreichbar</h2>
        <p>
          Unter <code>{grafana ? new URL(grafana.embedUrl).origin : 'http://localhost:3000'}</code> antwortet kein Grafana
          {grafana?.detail ? ` (${grafana.detail})` : ''}. Auf Rechnern ohne Grafana-Image läuft der Stack ohne Grafana.
        </p>
        <p>Dieselben Kennzahlen zeigt das eingebaute HA-Dashboard — live aus Prometheus.</p>
        <button type="button" className="primary" onClick={() => navigate(routes.haDashboard)}>
          Zum HA-Dashboard
        </button>
      </section>
    );
  }
  return (
    <iframe
      className="grafana-frame"
      title="Grafana – HA Architecture Overview"
      src={grafana.embedUrl}
      sandbox="allow-scripts allow-same-origin"
      referrerPolicy="no-referrer"
    />
  );
}
