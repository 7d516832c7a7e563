import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { EventTimeline } from '../dashboard/EventTimeline';
import { useStack } from '../stack/useStack';
import { FaultControls } from './FaultControls';
import { ActiveFaults, MeasuredFaults } from './FaultLog';
import { AutoscalerPanel, JourneyFigures, WatchdogPanel } from './SelfHealingPanels';
import './chaos.css';

/** /chaos: break services on purpose, watch the system react, and see what it cost — measured. */
export function ChaosView() {
  const { data: state } = useQuery(api.chaos.watch.experimental_liveOptions({ retry: true, retryDelay: 1000 }));
  const { data: stack } = useStack();
  const reset = useMutation(api.chaos.resetAll.mutationOptions());

  return (
    <div className="dashboard chaos">
      <header className="dashboard-header">
        <h1>Chaos &amp; Selbstheilung</h1>
        <button type="button" className="reset-all" onClick={() => reset.mutate({})} disabled={reset.isPending}>
          {reset.isPending ? 'Wird zurückgesetzt …' : 'Alles zurücksetzen'}
        </button>
        {reset.data && (
          <span role="status" className={reset.data.ok ? 'muted' : 'notice notice-bad'}>
            {reset.data.ok ? `Zurückgesetzt (${reset.data.steps.length} Schritte)` : `Teilweise fehlgeschlagen: ${reset.data.failures.join('; ')}`}
          </span>
        )}
        {reset.error && <span role="alert" className="notice notice-bad">{reset.error.message}</span>}
      </header>
      {stack && !stack.engine.reachable && (
        <div className="notice notice-bad" role="alert">
          Docker-Engine nicht erreichbar ({stack.engine.target}) — Chaos-Aktionen sind nicht möglich.
        </div>
      )}
      <FaultControls containers={stack?.containers ?? []} />
      {state ? (
        <div className="dashboard-grid">
          <div className="side-column">
            <ActiveFaults faults={state.active} />
            <MeasuredFaults faults={state.recent} />
            <JourneyFigures state={state} />
          </div>
          <div className="side-column">
            <AutoscalerPanel state={state} />
            <WatchdogPanel state={state} />
            <EventTimeline />
          </div>
        </div>
      ) : (
        <p className="muted">Verbinde …</p>
      )}
    </div>
  );
}
