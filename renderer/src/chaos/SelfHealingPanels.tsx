import { useMutation } from '@tanstack/react-query';
import type { ChaosState } from '../../../electron/core/contract';
import { api } from '../api/client';
import { formatClock, formatMs, formatPercent } from '../dashboard/format';
import { JOURNEY_LABELS } from './targets';
import { useNow } from './use-now';

export function JourneyFigures({ state }: { state: ChaosState }) {
  return (
    <section className="panel" aria-labelledby="journeys-title">
      <header className="panel-header">
        <h2 id="journeys-title">Probe-Journeys</h2>
        <span className="muted">{state.probing ? 'laufen · letzte 5 s · über den Load Balancer' : 'ruhen (laufen nur während einer Messung)'}</span>
      </header>
      <dl className="figures journey-figures">
        {state.journeys.map((journey) => (
          <div key={journey.journey} data-testid={`journey-${journey.journey}`}>
            <dt>{JOURNEY_LABELS[journey.journey] ?? journey.journey}</dt>
            <dd>
              {formatPercent(journey.successRatio)} <span className="muted">p95 {formatMs(journey.p95Ms)}</span>
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export function AutoscalerPanel({ state }: { state: ChaosState }) {
  const now = useNow();
  const configure = useMutation(api.chaos.autoscaler.mutationOptions());
  const blackFriday = useMutation(api.chaos.blackFriday.mutationOptions());
  const { settings, replicas, signal, decisions } = state.autoscaler;
  const bf = state.blackFriday;
  return (
    <section className="panel" aria-labelledby="autoscaler-title">
      <header className="panel-header">
        <h2 id="autoscaler-title">Auto-Scaling Produkt</h2>
        <span className={`badge ${settings.enabled ? 'badge-ok' : 'badge-idle'}`}>{settings.enabled ? 'aktiv' : 'aus'}</span>
      </header>
      <dl className="figures figures-large">
        <div>
          <dt>Replikate</dt>
          <dd data-testid="product-replicas">{replicas}</dd>
        </div>
        <div>
          <dt>Grenzen</dt>
          <dd>
            {settings.minReplicas}–{settings.maxReplicas}
          </dd>
        </div>
      </dl>
      <p className="muted">
        Aufbauen über {settings.scaleOutAboveRps} Anfragen/s je Replikat oder p95 über {settings.scaleOutAboveP95Ms} ms; abbauen unter{' '}
        {settings.scaleInBelowRps} nach {settings.quietSeconds} s Ruhe.
      </p>
      <p>{signal ?? 'Noch keine Messung.'}</p>
      <div className="controls">
        <button type="button" onClick={() => configure.mutate({ ...settings, enabled: !settings.enabled })}>
          {settings.enabled ? 'Auto-Scaling aus' : 'Auto-Scaling an'}
        </button>
        <button type="button" className="black-friday" disabled={bf.active || blackFriday.isPending} onClick={() => blackFriday.mutate({ factor: 5, seconds: 60 })}>
          {bf.active && bf.until ? `Black Friday läuft (noch ${Math.max(0, Math.ceil((Date.parse(bf.until) - now) / 1000))} s)` : 'Black Friday'}
        </button>
      </div>
      {(configure.error ?? blackFriday.error) && (
        <p className="notice notice-bad" role="alert">
          {(configure.error ?? blackFriday.error)?.message}
        </p>
      )}
      <h3>Entscheidungen</h3>
      {decisions.length === 0 ? (
        <p className="muted">Noch keine.</p>
      ) : (
        <ol className="decisions" aria-label="Skalierungsentscheidungen">
          {decisions.map((decision) => (
            <li key={decision.at} data-ok={decision.ok}>
              <time dateTime={decision.at}>{formatClock(decision.at)}</time>{' '}
              <strong>
                {decision.from} → {decision.to}
              </strong>{' '}
              {decision.reason}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export function WatchdogPanel({ state }: { state: ChaosState }) {
  const toggle = useMutation(api.chaos.watchdog.mutationOptions());
  return (
    <section className="panel" aria-labelledby="watchdog-title">
      <header className="panel-header">
        <h2 id="watchdog-title">Watchdog</h2>
        <span className={`badge ${state.watchdog.enabled ? 'badge-ok' : 'badge-idle'}`}>{state.watchdog.enabled ? 'aktiv' : 'aus'}</span>
      </header>
      <p className="muted">
        Docker startet abgestürzte Container neu, ungesunde nicht. Der Watchdog startet ungesunde neu — nie absichtlich pausierte.
      </p>
      <button type="button" onClick={() => toggle.mutate({ enabled: !state.watchdog.enabled })}>
        {state.watchdog.enabled ? 'Watchdog aus' : 'Watchdog an'}
      </button>
      {state.watchdog.restarts.length > 0 && (
        <ol className="decisions" aria-label="Neustarts durch den Watchdog">
          {state.watchdog.restarts.map((restart) => (
            <li key={`${restart.at}-${restart.container}`}>
              <time dateTime={restart.at}>{formatClock(restart.at)}</time> {restart.container} neu gestartet ({restart.reason})
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
