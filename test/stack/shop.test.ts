import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { breakerState } from './support/chaos-fixtures';
import { ensureStackUp, lbUrl, ports, waitFor } from './support/stack';

interface Business {
  orders: number;
  revenueEur: number;
  currentMinute: { orders: number; revenueEur: number };
}

async function json<T>(response: Response): Promise<T> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${response.status} ${response.url}: ${text}`);
  return JSON.parse(text) as T;
}

/** Orders and revenue analytics has counted in the last hour, the running minute included. */
async function countedSoFar(): Promise<{ orders: number; revenueCents: number }> {
  const business = await json<Business>(await fetch(`${lbUrl}/api/v1/analytics/business?windowMinutes=60`));
  return {
    orders: business.orders + business.currentMinute.orders,
    revenueCents: Math.round((business.revenueEur + business.currentMinute.revenueEur) * 100),
  };
}

const loadgen = `http://127.0.0.1:${ports.loadgen}/api/v1/loadgen`;

describe('the shop through the load balancer', () => {
  let loadWasRunning = false;

  beforeAll(async () => {
    await ensureStackUp();
    // The load generator orders all the time; paused, analytics' counts change by this test's order only.
    const status = await json<{ running: boolean }>(await fetch(`${loadgen}/status`));
    loadWasRunning = status.running;
    if (loadWasRunning) await json(await fetch(`${loadgen}/stop`, { method: 'POST' }));
    await new Promise((resolve) => setTimeout(resolve, 3000)); // let in-flight journeys and events settle
    // The replica suites may have just crashed a product replica, or restarted the whole stack while the load
    // generator's tokens reached checkout before the user service served its keys; checkout's breakers rightly
    // opened. The shopper arrives once both let calls through again (half-open or closed), as one would a
    // minute later.
    for (const dependency of ['product-service', 'user-service']) {
      await waitFor(`checkout lets calls to ${dependency} through`, async () => ((await breakerState(dependency)) !== 'open' ? true : undefined), 30_000, 500);
    }
  });

  afterAll(async () => {
    if (loadWasRunning) await fetch(`${loadgen}/start`, { method: 'POST' });
  });

  it('lists products, registers, logs in, fills the cart, orders once and is counted by analytics', async () => {
    const products = await json<{ items: Array<{ id: string; priceCents: number; stock: number }> }>(
      // The whole catalog: on a stack that has run under load for a while the first page may be sold out.
      await fetch(`${lbUrl}/api/v1/products?limit=100`),
    );
    expect(products.items.length).toBeGreaterThan(0);
    const [first, second] = products.items.filter((p) => p.stock >= 2);
    expect(first && second).toBeTruthy();

    const email = `stack-test-${randomUUID()}@shop.example`;
    const registered = await fetch(`${lbUrl}/api/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'correct-horse-1', name: 'Stack Test' }),
    });
    expect(registered.status).toBe(201);

    const login = await json<{ accessToken: string }>(
      await fetch(`${lbUrl}/api/v1/users/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: 'correct-horse-1' }),
      }),
    );
    const auth = { authorization: `Bearer ${login.accessToken}`, 'content-type': 'application/json' };

    for (const [product, quantity] of [[first!, 2], [second!, 1]] as const) {
      const put = await fetch(`${lbUrl}/api/v1/checkout/cart/items/${product.id}`, {
        method: 'PUT',
        headers: auth,
        body: JSON.stringify({ quantity }),
      });
      expect(put.ok, `${put.status}: ${put.ok ? '' : await put.text()}`).toBe(true);
    }
    const cart = await json<{ items: Array<{ productId: string; quantity: number }> }>(
      await fetch(`${lbUrl}/api/v1/checkout/cart`, { headers: auth }),
    );
    expect(cart.items.map((i) => [i.productId, i.quantity]).sort()).toEqual([[first!.id, 2], [second!.id, 1]].sort());

    const before = await countedSoFar();
    const idempotencyKey = randomUUID();
    const placeOrder = () =>
      fetch(`${lbUrl}/api/v1/checkout/orders`, { method: 'POST', headers: { ...auth, 'idempotency-key': idempotencyKey } });
    const order = await json<{ id: string; status: string; totalCents: number }>(await placeOrder());
    expect(order.status).toBe('CONFIRMED');
    expect(order.totalCents).toBe(first!.priceCents * 2 + second!.priceCents);

    // The same key again is the same order, not a second one.
    const repeated = await json<{ id: string }>(await placeOrder());
    expect(repeated.id).toBe(order.id);

    const after = await waitFor('the order counted by analytics', async () => {
      const now = await countedSoFar();
      return now.orders > before.orders ? now : undefined;
    }, 30_000, 1000);
    expect(after.orders - before.orders).toBe(1);
    expect(after.revenueCents - before.revenueCents).toBe(order.totalCents);
  });

  it('answers the demo script’s load-test figures on the analytics port', async () => {
    const response = await fetch(`http://127.0.0.1:${ports.analytics}/api/v1/analytics/metrics/load-test`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
  });
});
