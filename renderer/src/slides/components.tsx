import { useQuery } from '@tanstack/react-query';
import type { ComponentType, ReactNode } from 'react';
import { ActionCommandIdSchema, StageViewSchema, type ActionRun } from '../../../electron/core/contract/slides';
import { api, client } from '../api/client';
import { isInteractive, isLive, useRenderContext } from './render-context';
import { sendCommand, useActionRuns, useNow, useSession } from './use-slides';

type Props = Record<string, unknown> & { children?: ReactNode };

const VIEW_LABELS: Record<string, string> = { '/ha-dashboard': 'HA-Dashboard', '/grafana': 'Grafana', '/chaos': 'Chaos Engineering' };

/**
 * `<Action view="/grafana">` puts an app view on the audience screen; `<Action run="load-test">` runs an
 * allowlisted command on the Node side and shows its output to everyone. Only the presenter's current slide
 * has working buttons; previews and the overview never trigger anything.
 */
function Action({ view, run, commandLine, children }: Props) {
  const context = useRenderContext();
  const command = ActionCommandIdSchema.safeParse(run);
  const stage = StageViewSchema.safeParse(view);
  if (command.success) return <CommandAction commandId={command.data} label={children} display={typeof commandLine === 'string' ? commandLine : command.data} />;
  if (!stage.success) return <span className="slide-problem">Unbekannte Aktion ({String(run ?? view)})</span>;
  if (!isInteractive(context)) {
    return context === 'audience' ? null : <span className="action-chip">▶ {children ?? VIEW_LABELS[stage.data]}</span>;
  }
  return <ViewButton view={stage.data} label={children} />;
}

function ViewButton({ view, label }: { view: string; label: ReactNode }) {
  const { data: session } = useSession();
  const active = session?.stage === view;
  const parsed = StageViewSchema.parse(view);
  return (
    <button type="button" className="action-button" aria-pressed={active} onClick={() => sendCommand({ type: 'stage', view: active ? null : parsed })}>
      {active ? '■ Zurück zu den Folien' : <>▶ {label ?? VIEW_LABELS[view]}</>}
    </button>
  );
}

function CommandAction({ commandId, label, display }: { commandId: ActionRun['commandId']; label: ReactNode; display: string }) {
  const context = useRenderContext();
  const { data: runs } = useActionRuns();
  const run = isLive(context) ? runs?.[commandId] : undefined;
  if (!isLive(context)) return <span className="action-chip">▶ {label}</span>;
  return (
    <div className="terminal" data-command={commandId}>
      <div className="terminal-bar">
        <span className="terminal-title">{label}</span>
        {run && <RunStatus run={run} />}
        {isInteractive(context) && (
          <button type="button" className="action-button" onClick={() => void client.slides.run({ commandId })}>
            {run?.status === 'running' ? '↻ Neu starten' : '▶ Ausführen'}
          </button>
        )}
      </div>
      <pre className="terminal-body" aria-label="Ausgabe" aria-live="polite">
        <span className="terminal-prompt">$ </span>
        {display}
        {'\n'}
        {run?.output}
        {run && run.status !== 'running' && !run.output && <span className="terminal-note">(keine Ausgabe)</span>}
      </pre>
    </div>
  );
}

const CURL_EXIT: Record<number, string> = { 6: 'Host unbekannt', 7: 'keine Verbindung', 28: 'Zeitüberschreitung', 52: 'leere Antwort' };

function RunStatus({ run }: { run: ActionRun }) {
  const now = useNow(1000);
  if (run.status === 'running') return <span className="run-status run-running">läuft …</span>;
  const ago = Math.max(0, Math.round((now - (run.finishedAt ?? now)) / 1000));
  if (run.status === 'succeeded') return <span className="run-status run-ok">✓ vor {ago} s</span>;
  const reason = run.exitCode !== null ? (CURL_EXIT[run.exitCode] ?? `Exit-Code ${run.exitCode}`) : 'abgebrochen';
  return <span className="run-status run-bad">✗ {reason}</span>;
}

const SERVICES = [
  { service: 'product-service', label: 'Produkt', tech: 'Kotlin' },
  { service: 'user-service', label: 'Benutzer', tech: 'Java 21' },
  { service: 'checkout-service', label: 'Checkout', tech: 'Go' },
  { service: 'analytics-service', label: 'Analytics', tech: 'Python' },
];

/** The four services' health, live from Docker. */
function ServiceStatus() {
  const context = useRenderContext();
  const { data: snapshot } = useQuery({ ...api.stack.watch.experimental_liveOptions({ retry: true, retryDelay: 1000 }), enabled: isLive(context) });
  return (
    <div className="service-status" role="list" aria-label="Service-Status">
      {SERVICES.map(({ service, label, tech }) => {
        const containers = snapshot?.engine.reachable ? snapshot.containers.filter((container) => container.service === service) : [];
        const healthy = containers.filter((container) => container.state === 'running' && container.health !== 'unhealthy' && container.health !== 'starting').length;
        // No container at all means the stack is not running, which is not the same as a service that failed.
        const tone = !snapshot || !isLive(context) || containers.length === 0 ? 'idle' : healthy > 0 ? 'ok' : containers.some((c) => c.state === 'running') ? 'warn' : 'bad';
        const text = { idle: snapshot && isLive(context) ? 'Nicht gestartet' : '–', ok: 'Gesund', warn: 'Startet', bad: 'Ausgefallen' }[tone];
        return (
          <div key={service} role="listitem" className={`service-tile tone-${tone}`}>
            <span className="service-name">{label}</span>
            <span className="service-tech">{tech}</span>
            <span className="service-state">{text}</span>
            {containers.length > 1 && <span className="service-replicas">{healthy}/{containers.length} Replikate</span>}
          </div>
        );
      })}
    </div>
  );
}

const METRICS = {
  rps: { format: (value: number) => value.toLocaleString('de-DE', { maximumFractionDigits: 0 }), unit: 'req/s' },
  p95: { format: (value: number) => value.toLocaleString('de-DE', { maximumFractionDigits: 0 }), unit: 'ms' },
  errors: { format: (value: number) => value.toLocaleString('de-DE', { maximumFractionDigits: 2 }), unit: '%' },
  services: { format: (value: number) => String(value), unit: '' },
} as const;

/** One live figure from the analytics service's load-test report (refreshed every 2 s). */
function LiveMetric({ metric, label }: Props) {
  const context = useRenderContext();
  const { data } = useQuery({ ...api.slides.loadTest.queryOptions(), refetchInterval: 2000, enabled: isLive(context) });
  const kind = (typeof metric === 'string' && metric in METRICS ? metric : 'rps') as keyof typeof METRICS;
  let value: string = '–';
  let unit: string = METRICS[kind].unit;
  if (data?.reachable) {
    const raw = { rps: data.requestsPerSecond, p95: data.p95Ms, errors: data.errorRatePercent, services: data.servicesHealthy }[kind];
    if (raw !== null) value = METRICS[kind].format(raw);
    if (kind === 'services' && data.servicesTotal !== null) unit = `/ ${data.servicesTotal}`;
  }
  return (
    <figure className="live-metric" data-metric={kind}>
      <span className="live-value">
        {value}
        <small> {unit}</small>
      </span>
      <figcaption>{String(label ?? kind)}</figcaption>
      {isLive(context) && data && !data.reachable && <span className="live-missing">keine Live-Daten</span>}
    </figure>
  );
}

/** Grafana's overview dashboard when Grafana answers; otherwise a plain card saying where it would be. */
function GrafanaPanel({ title }: Props) {
  const context = useRenderContext();
  const { data } = useQuery({ ...api.dashboard.watch.experimental_liveOptions({ retry: true, retryDelay: 2000 }), enabled: isLive(context) });
  const grafana = (data as { grafana?: { reachable: boolean; embedUrl: string } } | undefined)?.grafana;
  if (isLive(context) && grafana?.reachable) {
    return <iframe className="grafana-panel" title={String(title ?? 'Grafana')} src={grafana.embedUrl} sandbox="allow-scripts allow-same-origin" referrerPolicy="no-referrer" />;
  }
  return (
    <div className="grafana-panel grafana-placeholder">
      <strong>{String(title ?? 'Grafana')}</strong>
      <span>{isLive(context) ? 'Grafana ist gerade nicht erreichbar (Port 3000) – das HA-Dashboard zeigt dieselben Kennzahlen.' : 'Grafana-Dashboard'}</span>
    </div>
  );
}

const CALCULATOR_KEY = 'downtime-calculator';
const DEFAULT_INPUTS = { revenuePerMinute: 50_000, before: 99, after: 99.9 };
const MINUTES_PER_YEAR = 365 * 24 * 60;

/**
 * What downtime costs a year before and after high availability. The presenter sets the inputs; they live in the
 * shared session, so the audience sees the same figures.
 */
function DowntimeCalculator() {
  const context = useRenderContext();
  const { data: session } = useSession();
  const stored = session?.widgets[CALCULATOR_KEY];
  const inputs = { ...DEFAULT_INPUTS, ...(typeof stored === 'object' && stored !== null && !Array.isArray(stored) ? stored : {}) } as typeof DEFAULT_INPUTS;
  const cost = (availability: number) => ((100 - availability) / 100) * MINUTES_PER_YEAR * inputs.revenuePerMinute;
  const saved = cost(inputs.before) - cost(inputs.after);
  const euro = (value: number) => value.toLocaleString('de-DE', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });
  const set = (patch: Partial<typeof DEFAULT_INPUTS>) => sendCommand({ type: 'widget', key: CALCULATOR_KEY, value: { ...inputs, ...patch } });
  const editable = isInteractive(context);
  return (
    <div className="calculator">
      <label>
        Umsatz pro Minute
        {editable ? (
          <input type="number" min={0} step={5000} value={inputs.revenuePerMinute} onChange={(event) => set({ revenuePerMinute: Number(event.target.value) })} />
        ) : (
          <output>{euro(inputs.revenuePerMinute)}</output>
        )}
      </label>
      <label>
        Verfügbarkeit vorher
        {editable ? (
          <input type="number" min={90} max={100} step={0.1} value={inputs.before} onChange={(event) => set({ before: Number(event.target.value) })} />
        ) : (
          <output>{inputs.before.toLocaleString('de-DE')} %</output>
        )}
      </label>
      <label>
        Verfügbarkeit nachher
        {editable ? (
          <input type="number" min={90} max={100} step={0.01} value={inputs.after} onChange={(event) => set({ after: Number(event.target.value) })} />
        ) : (
          <output>{inputs.after.toLocaleString('de-DE')} %</output>
        )}
      </label>
      <div className="calculator-result">
        <span>Ausfallkosten pro Jahr: {euro(cost(inputs.before))} → {euro(cost(inputs.after))}</span>
        <strong>Ersparnis: {euro(saved)}</strong>
      </div>
    </div>
  );
}

function Columns({ children }: Props) {
  return <div className="columns">{children}</div>;
}

function Callout({ children }: Props) {
  return <div className="callout">{children}</div>;
}

/** Notes are split off by the Node side; should one slip through (nested oddly), it must not reach the audience. */
function Notes() {
  return null;
}

export const slideComponents: Record<string, ComponentType<Props>> = {
  Action,
  ServiceStatus,
  LiveMetric,
  GrafanaPanel,
  DowntimeCalculator,
  Columns,
  Callout,
  Notes,
};
