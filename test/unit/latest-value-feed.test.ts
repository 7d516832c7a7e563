import { describe, expect, it } from 'vitest';
import { LatestValueFeed } from '../../electron/core/stack/latest-value-feed';

describe('latest value feed', () => {
  it('gives a new watcher the current value first', async () => {
    const feed = new LatestValueFeed('a');
    const watcher = feed.watch();
    expect((await watcher.next()).value).toBe('a');
    await watcher.return(undefined);
  });

  it('lets a slow watcher skip to the newest value instead of queueing every change', async () => {
    const feed = new LatestValueFeed(0);
    const watcher = feed.watch();
    await watcher.next();
    const next = watcher.next();
    feed.publish(1);
    expect((await next).value).toBe(1);
    feed.publish(2);
    feed.publish(3);
    expect((await watcher.next()).value).toBe(3);
    await watcher.return(undefined);
  });

  it('ends a watch when its signal aborts', async () => {
    const feed = new LatestValueFeed('x');
    const abort = new AbortController();
    const watcher = feed.watch(abort.signal);
    await watcher.next();
    const pending = watcher.next();
    abort.abort();
    expect(await pending).toEqual({ done: true, value: undefined });
  });
});
