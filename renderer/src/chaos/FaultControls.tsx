import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { Container, FaultKind } from '../../../electron/core/contract';
import { api } from '../api/client';
import { KIND_LABELS } from '../../../electron/core/contract';
import { CHAOS_TARGETS, PER_REPLICA, type ChaosTarget } from './targets';

const DURATIONS = [15, 30, 60, 120];

/** One card per service (and data store): its buttons, the replica a per-container fault hits, the duration. */
export function FaultControls({ containers }: { containers: Container[] }) {
  const [durationSeconds, setDuration] = useState(30);
  const [latencyMs, setLatency] = useState(500);
  const inject = useMutation(api.chaos.inject.mutationOptions());

  return (
    <section className="panel" aria-labelledby="faults-title">
      <header className="panel-header">
        <h2 id="faults-title">Fehler auslösen</h2>
        <label>
          Dauer{' '}
          <select value={durationSeconds} onChange={(event) => setDuration(Number(event.target.value))} aria-label="Dauer des Fehlers">
            {DURATIONS.map((seconds) => (
              <option key={seconds} value={seconds}>
                {seconds} s
              </option>
            ))}
          </select>
        </label>
        <label>
          Latenz{' '}
          <select value={latencyMs} onChange={(event) => setLatency(Number(event.target.value))} aria-label="Latenz in Millisekunden">
            {[100, 250, 500, 1000, 2000].map((ms) => (
              <option key={ms} value={ms}>
                {ms} ms
              </option>
            ))}
          </select>
        </label>
        <span className="muted">Jeder Fehler wird nach Ablauf der Dauer automatisch zurückgenommen.</span>
      </header>
      {inject.error && (
        <p className="notice notice-bad" role="alert">
          {inject.error.message}
        </p>
      )}
      <div className="chaos-targets">
        {CHAOS_TARGETS.map((target) => (
          <TargetCard
            key={target.service}
            target={target}
            replicas={containers.filter((container) => container.service === target.service).map((container) => container.replica)}
            busy={inject.isPending}
            onFault={(kind, replica) =>
              inject.mutate({
                kind,
                target: { service: target.service, ...(replica && PER_REPLICA.includes(kind) ? { replica } : {}) },
                durationSeconds,
                latencyMs,
                jitterMs: Math.round(latencyMs / 10),
              })
            }
          />
        ))}
      </div>
    </section>
  );
}

function TargetCard({ target, replicas, busy, onFault }: { target: ChaosTarget; replicas: number[]; busy: boolean; onFault: (kind: FaultKind, replica?: number) => void }) {
  const [replica, setReplica] = useState<number | undefined>(undefined);
  const chosen = replica !== undefined && replicas.includes(replica) ? replica : replicas[0];
  return (
    <article className="chaos-target" aria-label={`Chaos ${target.title}`}>
      <h3>{target.title}</h3>
      {replicas.length > 1 && (
        <label className="muted">
          Replikat{' '}
          <select value={chosen} onChange={(event) => setReplica(Number(event.target.value))} aria-label={`Replikat von ${target.title}`}>
            {replicas.map((each) => (
              <option key={each} value={each}>
                {target.service}-{each}
              </option>
            ))}
          </select>
        </label>
      )}
      {replicas.length === 0 && <p className="muted">läuft nicht</p>}
      <div className="chaos-buttons">
        {target.kinds.map((kind) => (
          <button key={kind} type="button" disabled={busy || replicas.length === 0} onClick={() => onFault(kind, chosen)}>
            {KIND_LABELS[kind]}
          </button>
        ))}
      </div>
      {target.note && <p className="muted chaos-note">{target.note}</p>}
    </article>
  );
}
