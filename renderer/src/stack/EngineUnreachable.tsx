import type { EngineStatus } from '../../../electron/core/contract';

export function EngineUnreachable({ engine }: { engine: Extract<EngineStatus, { reachable: false }> }) {
  return (
    <div className="notice notice-bad" role="alert">
      <h3>Docker-Engine nicht erreichbar</h3>
      <p>
        Versucht: <code>{engine.target}</code> — {engine.reason}
      </p>
      <p>
        So beheben Sie es: Docker starten (Linux: <code>sudo systemctl start docker</code>, macOS/Windows: Docker Desktop
        öffnen) oder <code>DOCKER_HOST</code> auf die richtige Engine setzen. Die Anzeige verbindet sich von selbst neu,
        sobald die Engine antwortet.
      </p>
    </div>
  );
}
