import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { LoadTest } from '../../../electron/core/contract';
import { api } from '../api/client';
import { formatRps } from './format';

const PRESETS = [50, 100, 250, 500];

export function LoadTestPanel({ loadTest, unreachable }: { loadTest: LoadTest | null; unreachable?: string }) {
  const [rate, setRate] = useState('');
  const configure = useMutation(api.loadTest.configure.mutationOptions());
  const start = useMutation(api.loadTest.start.mutationOptions());
  const stop = useMutation(api.loadTest.stop.mutationOptions());
  const error = configure.error ?? start.error ?? stop.error;

  const apply = (targetRps: number) => configure.mutate({ targetRps });

  return (
    <section className="panel load-test" aria-labelledby="load-test-title">
      <header className="panel-header">
        <h2 id="load-test-title">Lasttest</h2>
        <span className={`badge ${loadTest?.running ? 'badge-ok' : 'badge-idle'}`}>{loadTest ? (loadTest.running ? 'läuft' : 'gestoppt') : 'nicht erreichbar'}</span>
      </header>
      {unreachable && !loadTest && <p className="muted">Lastgenerator nicht erreichbar: {unreachable}</p>}
      <dl className="figures figures-large">
        <div>
          <dt>Ziel</dt>
          <dd data-testid="target-rps">{formatRps(loadTest?.targetRps)} req/s</dd>
        </div>
        <div>
          <dt>Erreicht</dt>
          <dd data-testid="achieved-rps">{formatRps(loadTest?.achievedRps)} req/s</dd>
        </div>
      </dl>
      <div className="controls">
        <button type="button" onClick={() => start.mutate({})} disabled={!loadTest || loadTest.running}>
          Starten
        </button>
        <button type="button" onClick={() => stop.mutate({})} disabled={!loadTest || !loadTest.running}>
          Stoppen
        </button>
        {PRESETS.map((preset) => (
          <button key={preset} type="button" onClick={() => apply(preset)} disabled={!loadTest} aria-pressed={loadTest?.targetRps === preset}>
            {preset}/s
          </button>
        ))}
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const value = Number(rate);
            if (Number.isInteger(value) && value > 0) apply(value);
          }}
        >
          <label>
            Rate <input type="number" min={1} max={2000} inputMode="numeric" value={rate} onChange={(event) => setRate(event.target.value)} aria-label="Ziel-Rate in Anfragen pro Sekunde" />
          </label>
          <button type="submit" disabled={!loadTest || rate === ''}>
            Übernehmen
          </button>
        </form>
      </div>
      {error && (
        <p className="notice notice-bad" role="alert">
          {error.message}
        </p>
      )}
    </section>
  );
}
