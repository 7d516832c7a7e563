import { useMemo, useState } from 'react';
import { useStack } from '../stack/useStack';
import { useServiceLogs } from './useServiceLogs';

export function LogsView() {
  const { data: stack } = useStack();
  const services = useMemo(() => [...new Set(stack?.containers.map((container) => container.service) ?? [])], [stack]);
  const [chosen, setChosen] = useState<string>();
  const service = chosen ?? services[0];
  const [paused, setPaused] = useState(false);
  const [search, setSearch] = useState('');
  const { lines, error } = useServiceLogs(service, paused);
  const needle = search.trim().toLowerCase();
  const shown = needle ? lines.filter((line) => line.text.toLowerCase().includes(needle)) : lines;
  const errors = lines.filter((line) => line.level === 'error').length;

  return (
    <section className="panel logs" aria-labelledby="logs-title">
      <header className="panel-header">
        <h2 id="logs-title">Logs</h2>
        <span className="muted">{errors > 0 ? `${errors} Fehlerzeilen` : 'keine Fehlerzeilen'}</span>
      </header>
      {services.length === 0 ? (
        <p className="muted">Keine Container im Projekt — starten Sie die Demo.</p>
      ) : (
        <>
          <div className="controls" role="toolbar" aria-label="Log-Steuerung">
            {services.map((name) => (
              <button key={name} type="button" aria-pressed={name === service} onClick={() => setChosen(name)}>
                {name}
              </button>
            ))}
            <button type="button" onClick={() => setPaused((value) => !value)}>
              {paused ? 'Fortsetzen' : 'Pausieren'}
            </button>
            <input type="search" placeholder="Suchen …" aria-label="Logs durchsuchen" value={search} onChange={(event) => setSearch(event.target.value)} style={{ width: '16rem' }} />
          </div>
          {error && <p className="notice notice-warn">Log-Strom unterbrochen ({error}) — neuer Versuch läuft …</p>}
          <ol className="log-lines" aria-label={`Logs von ${service}`}>
            {shown.slice(-500).map((line, index) => (
              <li key={`${line.time}-${index}`} data-level={line.level}>
                <span className="log-meta">
                  {new Date(line.time).toLocaleTimeString('de-DE')} {line.container}
                </span>{' '}
                {line.text}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
