import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';

/** The live stack snapshot, pushed by the Node side; reconnects on its own if the stream breaks. */
export function useStack() {
  return useQuery(
    api.stack.watch.experimental_liveOptions({
      retry: true,
      retryDelay: 1000,
      refetchOnWindowFocus: false,
    }),
  );
}
