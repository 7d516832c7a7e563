import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compose, containers, docker, dockerOutput, ensureStackUp, haproxyServers, lbUrl, stackDir, waitFor, waitHealthy } from './support/stack';

/** Sends GETs at a steady rate for a while and records every outcome. */
async function steadyStream(path: string, perSecond: number, durationMs: number): Promise<{ sent: number; failures: string[] }> {
  const failures: string[] = [];
  const requests: Array<Promise<void>> = [];
  const started = Date.now();
  for (let i = 0; Date.now() - started < durationMs; i++) {
    requests.push(
      fetch(`${lbUrl}${path}`, { signal: AbortSignal.timeout(10_000) })
        .then(async (response) => {
          await response.arrayBuffer();
          if (response.status !== 200) failures.push(`#${i}: HTTP ${response.status}`);
        })
        .catch((error: unknown) => {
          failures.push(`#${i}: ${String(error)}`);
        }),
    );
    const nextAt = started + ((i + 1) * 1000) / perSecond;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, nextAt - Date.now())));
  }
  await Promise.all(requests);
  return { sent: requests.length, failures };
}

async function productReplicas(): Promise<string[]> {
  return (await containers()).filter((c) => c.service === 'product-service').map((c) => c.name).sort();
}

describe('load balancer', () => {
  beforeAll(async () => {
    await ensureStackUp();
    // Two replicas whatever PRODUCT_REPLICAS says; --no-recreate leaves the running ones alone.
    await compose('up', '-d', '--wait', '--no-recreate', '--scale', 'product-service=2', 'product-service');
    await waitFor('two product-service servers UP in HAProxy', async () => {
      const up = (await haproxyServers('product-service')).filter((s) => s.status === 'UP');
      return up.length === 2 ? up : undefined;
    });
  });

  afterAll(async () => {
    // Whatever a test stopped comes back, so the next test file finds the stack whole.
    for (const name of await productReplicas()) {
      await docker('start', name);
      await waitHealthy(name);
    }
  });

  it('accepts its configuration in the image the stack runs', async () => {
    const [image] = (await compose('config', '--images')).split('\n').filter((i) => i.includes('haproxy'));
    // `haproxy -c` exits non-zero on an error, which rejects here; warnings would mean a sloppy config.
    const { stdout, stderr } = await dockerOutput(
      'run', '--rm', '--entrypoint', 'haproxy', '-v', `${join(stackDir, 'haproxy')}:/usr/local/etc/haproxy:ro`, image!,
      '-c', '-f', '/usr/local/etc/haproxy/haproxy.cfg',
    );
    expect(`${stdout}${stderr}`).not.toMatch(/\[(WARNING|ALERT)\]/);
  });

  it('answers unknown paths with problem+json', async () => {
    const response = await fetch(`${lbUrl}/api/v2/nothing-here`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(((await response.json()) as { status: number }).status).toBe(404);
  });

  it('spreads requests over both product-service replicas', async () => {
    const before = await haproxyServers('product-service');
    for (let i = 0; i < 40; i++) {
      const response = await fetch(`${lbUrl}/api/v1/products?limit=1`);
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }
    const after = await haproxyServers('product-service');
    const served = after
      .map((server) => server.sessions - (before.find((b) => b.server === server.server)?.sessions ?? 0))
      .filter((count) => count > 0);
    expect(served).toHaveLength(2);
    // Round robin: each replica takes a fair share, not one request out of forty.
    for (const count of served) expect(count).toBeGreaterThanOrEqual(15);
  });

  it('loses no request of a steady stream when one replica is stopped', async () => {
    const [victim] = await productReplicas();
    const stream = steadyStream('/api/v1/products?limit=5', 25, 12_000);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await docker('stop', victim!);
    const { sent, failures } = await stream;
    expect(sent).toBeGreaterThanOrEqual(250);
    expect(failures).toEqual([]);
    const servers = await haproxyServers('product-service');
    expect(servers.filter((s) => s.status === 'UP')).toHaveLength(1);
  });

  it('loses no request of a steady stream when a replica crashes', async () => {
    const [victim] = await productReplicas();
    await docker('start', victim!);
    await waitHealthy(victim!);
    await waitFor('both replicas UP again', async () => {
      const up = (await haproxyServers('product-service')).filter((s) => s.status === 'UP');
      return up.length === 2 ? up : undefined;
    });
    const stream = steadyStream('/api/v1/products?limit=5', 25, 12_000);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    // A crash, not a stop: SIGKILL to the service process from inside, so the restart policy brings it back.
    await docker('exec', victim!, 'bash', '-c', 'for p in /proc/[0-9]*; do [ "$(cat $p/comm)" = java ] && kill -KILL ${p#/proc/}; done; true');
    const { failures } = await stream;
    expect(failures).toEqual([]);
    await waitHealthy(victim!);
  });
});
