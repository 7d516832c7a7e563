import { useEffect, useRef, useState } from 'react';
import type { LogLine } from '../../../electron/core/contract';
import { client } from '../api/client';

const KEEP = 2_000;

/**
 * Follows one service's logs. While paused, new lines are kept aside (not lost) and appear on resume;
 * the stream reconnects when it breaks, e.g. after the container was recreated.
 */
export function useServiceLogs(service: string | undefined, paused: boolean) {
  const [lines, setLines] = useState<LogLine[]>([]);
  const [error, setError] = useState<string>();
  const held = useRef<LogLine[]>([]);
  const pausedRef = useRef(paused);

  useEffect(() => {
    pausedRef.current = paused;
    if (!paused && held.current.length) {
      const release = held.current;
      held.current = [];
      setLines((current) => [...current, ...release].slice(-KEEP));
    }
  }, [paused]);

  useEffect(() => {
    if (!service) return;
    const abort = new AbortController();
    held.current = [];
    void (async () => {
      setLines([]);
      while (!abort.signal.aborted) {
        try {
          setError(undefined);
          const stream = await client.stack.logs({ service, tail: 200 }, { signal: abort.signal });
          for await (const batch of stream) {
            if (pausedRef.current) held.current = [...held.current, ...batch].slice(-KEEP);
            else setLines((current) => [...current, ...batch].slice(-KEEP));
          }
        } catch (caught) {
          if (abort.signal.aborted) return;
          setError(caught instanceof Error ? caught.message : String(caught));
        }
        await new Promise((resolve) => setTimeout(resolve, 2_000));
      }
    })();
    return () => abort.abort();
  }, [service]);

  return { lines, error };
}
