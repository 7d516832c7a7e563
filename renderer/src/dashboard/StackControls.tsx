import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../api/client';

/** "Demo starten" / "Demo beenden" with what happens right now, and why the last run failed if it did. */
export function StackControls() {
  const { data: operation } = useQuery(api.stack.operation.experimental_liveOptions({ retry: true, retryDelay: 1000 }));
  const start = useMutation(api.stack.start.mutationOptions());
  const stop = useMutation(api.stack.stop.mutationOptions());
  const busy = operation ? operation.kind !== 'idle' : false;
  const last = operation?.lastResult;

  return (
    <div className="stack-controls">
      <button type="button" className="primary" onClick={() => start.mutate({})} disabled={busy}>
        Demo starten
      </button>
      <button type="button" onClick={() => stop.mutate({})} disabled={busy}>
        Demo beenden
      </button>
      <span className="operation" aria-live="polite" data-finished-at={last?.finishedAt ?? ''}>
        {busy ? operation?.phase : last ? `${last.message} (${last.seconds.toLocaleString('de-DE')} s)` : ''}
      </span>
      {last && !last.ok && !busy && (
        <div className="notice notice-bad operation-failure" role="alert">
          <strong>{last.failedService ? `${last.failedService}: ` : ''}</strong>
          {last.message}
          {last.logTail && last.logTail.length > 0 && <pre className="log-tail">{last.logTail.join('\n')}</pre>}
        </div>
      )}
    </div>
  );
}
