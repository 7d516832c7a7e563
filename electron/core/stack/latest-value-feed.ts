/**
 * A value that changes over time, watched by any number of consumers. Each consumer always gets the newest
 * value and never a backlog: a slow UI skips intermediate states instead of falling behind.
 */
export class LatestValueFeed<T> {
  private readonly listeners = new Set<(value: T) => void>();

  constructor(private value: T) {}

  get current(): T {
    return this.value;
  }

  publish(value: T): void {
    this.value = value;
    for (const listener of this.listeners) listener(value);
  }

  async *watch(signal?: AbortSignal): AsyncGenerator<T> {
    let pending: T | undefined = this.value;
    let hasPending = true;
    let wake: (() => void) | undefined;
    const listener = (value: T) => {
      pending = value;
      hasPending = true;
      wake?.();
    };
    const onAbort = () => wake?.();
    this.listeners.add(listener);
    signal?.addEventListener('abort', onAbort);
    try {
      while (!signal?.aborted) {
        if (hasPending) {
          const value = pending as T;
          hasPending = false;
          pending = undefined;
          yield value;
          continue;
        }
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    } finally {
      this.listeners.delete(listener);
      signal?.removeEventListener('abort', onAbort);
    }
  }
}
