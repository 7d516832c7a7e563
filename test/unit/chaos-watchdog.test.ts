import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { Watchdog } from '../../electron/core/chaos/watchdog';
import type { Container, StackSnapshot } from '../../electron/core/contract';

const container = (id: string, state: Container['state'], health: Container['health'], service = `${id}-service`): Container => ({
  id, name: `${service}-1`, service, replica: 1, state, health, statusText: '', image: 'x',
});

function setup(containers: Container[], paused = new Set<string>()) {
  const restarted: string[] = [];
  const docker = { getContainer: (id: string) => ({ restart: async () => void restarted.push(id) }) } as unknown as Docker;
  const snapshot = (): StackSnapshot => ({
    project: 'ha-demo',
    engine: { reachable: true, target: 'unix:///var/run/docker.sock', version: '20.10', apiVersion: '1.41' },
    containers,
    observedAt: '',
  });
  const notes: string[] = [];
  const watchdog = new Watchdog({ docker, snapshot, deliberatelyPaused: () => paused, onRestart: (c, reason) => notes.push(`${c.name}: ${reason}`), unhealthyForMs: 3_000, maxRestarts: 2, globalCooldownMs: 0 });
  return { watchdog, restarted, notes };
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('watchdog', () => {
  it('never restarts data stores (their data lives in memory), nor a crowd of containers sick from one cause', async () => {
    const stores = setup([container('dynamodb', 'running', 'unhealthy', 'dynamodb'), container('redis', 'running', 'unhealthy', 'redis')]);
    const crowd = setup([container('p1', 'running', 'unhealthy', 'product-service'), container('c1', 'running', 'unhealthy', 'checkout-service')]);
    for (const at of [0, 5_000, 10_000]) {
      stores.watchdog.check(at);
      crowd.watchdog.check(at);
    }
    await settle();
    expect(stores.restarted).toEqual([]);
    expect(crowd.restarted).toEqual([]);
  });

  it('restarts a container that stays unhealthy, not one that is only briefly so', async () => {
    const { watchdog, restarted, notes } = setup([container('user', 'running', 'unhealthy'), container('product', 'running', 'healthy')]);
    watchdog.check(0);
    watchdog.check(2_000);
    await settle();
    expect(restarted).toEqual([]);
    watchdog.check(3_000);
    await settle();
    expect(restarted).toEqual(['user']);
    expect(notes[0]).toContain('user-service-1: seit 4 s ungesund');
  });

  it('never heals a paused container, nor one paused on purpose whose state still reads running', async () => {
    const { watchdog, restarted } = setup([container('product', 'paused', 'unhealthy'), container('checkout', 'running', 'healthy')], new Set(['checkout']));
    watchdog.check(0);
    // The pause fault's container reads unhealthy while its state still says running.
    const paused = setup([container('checkout', 'running', 'unhealthy')], new Set(['checkout']));
    for (const at of [0, 5_000, 10_000]) paused.watchdog.check(at);
    await settle();
    expect(paused.restarted).toEqual([]);
    for (const at of [0, 5_000, 10_000]) watchdog.check(at);
    await settle();
    expect(restarted).toEqual([]);
  });

  it('gives up on a container after its restart budget', async () => {
    const { watchdog, restarted } = setup([container('analytics', 'running', 'unhealthy')]);
    for (let at = 0; at <= 60_000; at += 1_000) {
      watchdog.check(at);
      await settle();
    }
    expect(restarted).toEqual(['analytics', 'analytics']);
  });

  it('waits after an unpause: the last health result may be stale', async () => {
    const { watchdog, restarted } = setup([container('user', 'running', 'unhealthy')]);
    watchdog.noteEvent('unpause', 'user');
    watchdog.check(Date.now());
    watchdog.check(Date.now() + 5_000);
    await settle();
    expect(restarted).toEqual([]);
  });
});
