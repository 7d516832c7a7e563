import { EngineUnreachable } from './EngineUnreachable';
import { healthLabel, stateLabel, tone } from './labels';
import { useStack } from './useStack';

export function StackPanel() {
  const { data: snapshot, isError } = useStack();

  return (
    <section className="panel" aria-labelledby="stack-title">
      <header className="panel-header">
        <h2 id="stack-title">Stack</h2>
        {snapshot?.engine.reachable && (
          <span className="muted">
            Projekt <code>{snapshot.project}</code> · Docker {snapshot.engine.version}
          </span>
        )}
      </header>
      {isError && !snapshot && (
        <div className="notice notice-bad" role="alert">
          Verbindung zur App unterbrochen — neuer Versuch läuft …
        </div>
      )}
      {!snapshot && !isError && <p className="muted">Verbinde mit der Docker-Engine …</p>}
      {snapshot && !snapshot.engine.reachable && <EngineUnreachable engine={snapshot.engine} />}
      {snapshot?.engine.reachable && snapshot.containers.length === 0 && (
        <p className="muted">
          Keine Container im Projekt <code>{snapshot.project}</code>. Starten Sie den Stack mit <code>npm run stack:up</code>.
        </p>
      )}
      {snapshot?.engine.reachable && snapshot.containers.length > 0 && (
        <table className="containers" aria-label="Container">
          <thead>
            <tr>
              <th scope="col">Container</th>
              <th scope="col">Zustand</th>
              <th scope="col">Gesundheit</th>
              <th scope="col">Docker-Status</th>
            </tr>
          </thead>
          <tbody>
            {snapshot.containers.map((container) => (
              <tr key={container.id} data-tone={tone(container.state, container.health)}>
                <th scope="row">{container.name}</th>
                <td>
                  <span className={`badge badge-${tone(container.state, container.health)}`}>{stateLabel[container.state]}</span>
                </td>
                <td>{healthLabel[container.health]}</td>
                <td className="muted">{container.statusText}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
