import { useMutation } from '@tanstack/react-query';
import type { Fault } from '../../../electron/core/contract';
import { api } from '../api/client';
import { formatClock } from '../dashboard/format';
import { useNow } from './use-now';

const seconds = (ms: number | null | undefined) => (ms == null ? '—' : `${(ms / 1000).toLocaleString('de-DE', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} s`);

const RECOVERY: Record<Fault['recovery']['recoveredBy'], string> = {
  'self-healing': 'Selbstheilung',
  rollback: 'Rücknahme des Fehlers',
  pending: 'wird gemessen …',
  'not-recovered': 'nicht erholt',
};

export function ActiveFaults({ faults }: { faults: Fault[] }) {
  const now = useNow();
  const revert = useMutation(api.chaos.revert.mutationOptions());
  return (
    <section className="panel" aria-labelledby="active-title">
      <header className="panel-header">
        <h2 id="active-title">Aktive Fehler</h2>
      </header>
      {faults.length === 0 ? (
        <p className="muted">Keine — das System läuft im Normalzustand.</p>
      ) : (
        <ul className="active-faults" aria-label="Aktive Fehler">
          {faults.map((fault) => (
            <li key={fault.id}>
              <strong>{fault.label}</strong>{' '}
              <span className="muted">noch {Math.max(0, Math.ceil((Date.parse(fault.deadline) - now) / 1000))} s</span>{' '}
              <button type="button" onClick={() => revert.mutate({ faultId: fault.id })}>
                Zurücknehmen
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** What each fault did, measured from probe journeys through the load balancer — not what was hoped. */
export function MeasuredFaults({ faults }: { faults: Fault[] }) {
  return (
    <section className="panel" aria-labelledby="measured-title">
      <header className="panel-header">
        <h2 id="measured-title">Gemessen</h2>
        <span className="muted">MTTR: vom Fehler bis Ziel gesund und Probe-Journeys 15 s lang fehlerfrei</span>
      </header>
      {faults.length === 0 ? (
        <p className="muted">Noch kein Fehler ausgelöst.</p>
      ) : (
        <table className="measured" aria-label="Gemessene Erholung">
          <thead>
            <tr>
              <th>Zeit</th>
              <th>Fehler</th>
              <th>Erkannt nach</th>
              <th>MTTR</th>
              <th>Erholt durch</th>
              <th>Probe-Journeys fehlgeschlagen</th>
              <th>Lastanfragen fehlgeschlagen</th>
            </tr>
          </thead>
          <tbody>
            {faults.map((fault) => (
              <tr key={fault.id} data-fault-id={fault.id} data-recovered-by={fault.recovery.recoveredBy}>
                <td>{formatClock(fault.startedAt)}</td>
                <td>
                  {fault.label}
                  {fault.detail && <div className="muted">{fault.detail}</div>}
                </td>
                <td title={fault.recovery.detectedBy ?? undefined}>{seconds(fault.recovery.detectedAfterMs)}</td>
                <td data-testid="mttr">{seconds(fault.recovery.mttrMs)}</td>
                <td>{RECOVERY[fault.recovery.recoveredBy]}</td>
                <td>
                  {fault.recovery.probes.failed} / {fault.recovery.probes.total}
                </td>
                <td>{fault.recovery.loadgen ? `${fault.recovery.loadgen.failed} / ${fault.recovery.loadgen.total}` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
