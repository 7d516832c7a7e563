import { mkdtemp, readFile, rm, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ChaosJournal } from '../../electron/core/chaos/chaos-journal';
import { routesInto } from '../../electron/core/chaos/fault-actions';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('chaos journal', () => {
  it('knows which faults a crashed app left behind, with the steps to undo them', async () => {
    dir = await mkdtemp(join(tmpdir(), 'chaos-journal-'));
    const journal = new ChaosJournal(join(dir, 'nested', 'journal.jsonl'));
    const revert = [{ type: 'unpause' as const, containerId: 'abc', name: 'redis-1' }];
    await journal.append({ event: 'applied', faultId: 'f1', kind: 'pause', label: 'Pausieren redis-1', targets: ['redis-1'], deadline: '2026-11-25T15:00:30Z', revert });
    await journal.append({ event: 'applied', faultId: 'f2', kind: 'cut', label: 'Unterbrechung', targets: ['checkout-product'], deadline: '2026-11-25T15:00:30Z', revert: [] });
    await journal.append({ event: 'reverted', faultId: 'f2', by: 'deadline', steps: [], failures: [] });
    // A crash mid-write leaves half a line: it must not hide the lines before it.
    await appendFile(journal.file, '{"at":"2026-11-25T15:00:31Z","event":"rever');

    const open = await journal.openFaults();
    expect(open.map((entry) => entry.faultId)).toEqual(['f1']);
    expect(open[0]!.revert).toEqual(revert);
    expect((await readFile(journal.file, 'utf8')).split('\n').filter(Boolean)).toHaveLength(4);
  });

  it('reads a missing journal as empty', async () => {
    expect(await new ChaosJournal('/nonexistent/dir/journal.jsonl').openFaults()).toEqual([]);
  });
});

describe('Toxiproxy routes into a dependency', () => {
  const proxy = (name: string, upstream: string) => ({ name, upstream, listen: '0.0.0.0:1', enabled: true, toxics: [] });
  const proxies = [
    proxy('checkout-product', 'loadbalancer:8081'),
    proxy('checkout-user', 'loadbalancer:8082'),
    proxy('product-redis', 'redis:6379'),
    proxy('checkout-redis', 'redis:6379'),
  ];

  it('finds calls to a service through the load balancer and calls to a data store directly', () => {
    expect(routesInto('product-service', proxies).map((p) => p.name)).toEqual(['checkout-product']);
    expect(routesInto('redis', proxies).map((p) => p.name)).toEqual(['product-redis', 'checkout-redis']);
    expect(routesInto('analytics-service', proxies)).toEqual([]);
  });
});
