import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StackSnapshot } from '../../electron/core/contract';
import { ChaosJournal } from '../../electron/core/chaos/chaos-journal';
import type { FaultActions } from '../../electron/core/chaos/fault-actions';
import { FaultRunner } from '../../electron/core/chaos/fault-runner';
import { ProbeJourneys } from '../../electron/core/chaos/probe-journeys';

/** A shop that answers every probe journey at once: the probes' target, on loopback. */
function healthyShop(): Promise<Server> {
  const server = createServer((request, response) => {
    const body = request.url?.startsWith('/api/v1/products')
      ? { items: [{ id: 'p-0001' }] }
      : request.url === '/api/v1/users/login'
        ? { accessToken: 'token' }
        : request.url === '/api/v1/checkout/orders'
          ? { status: 'CONFIRMED' }
          : {};
    request.resume();
    request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('fault runner', () => {
  let shop: Server;
  beforeAll(async () => {
    shop = await healthyShop();
  });
  afterAll(() => new Promise<void>((resolve) => shop.close(() => resolve())));

  it('keeps measuring a fault whose action takes longer than the first meter reading (a docker exec does)', async () => {
    const probes = new ProbeJourneys({ baseUrl: `http://127.0.0.1:${(shop.address() as AddressInfo).port}`, ratePerSecond: 20 });
    // Fault actions reach Docker; here they only take the time a Docker call takes and change nothing.
    const slowActions = {
      apply: async () => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        return { label: 'Stoppen product-service-1', targets: ['product-service-1'], containerIds: [], revert: [] };
      },
      revert: async () => undefined,
    } as unknown as FaultActions;
    const runner = new FaultRunner({
      actions: slowActions,
      journal: new ChaosJournal(join(mkdtempSync(join(tmpdir(), 'fault-runner-')), 'journal.jsonl')),
      probes,
      snapshot: () => ({ containers: [] }) as unknown as StackSnapshot,
      readLoadgen: async () => ({ total: 0, failed: 0 }),
      events: { note: () => {}, changed: () => {} },
      meter: { slowMs: 1_500, minSuccess: 0.99, windowMs: 300, windows: 3, giveUpMs: 10_000 },
    });

    const fault = await runner.inject({ kind: 'stop', target: { service: 'product-service' }, durationSeconds: 60 });
    await runner.revert(fault.id, 'manual');
    const deadline = Date.now() + 8_000;
    while (fault.recovery.recoveredBy === 'pending' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    probes.stop();

    expect(fault.recovery.recoveredBy).toBe('self-healing');
    expect(fault.recovery.mttrMs).not.toBeNull();
  });
});
