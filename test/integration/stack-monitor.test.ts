import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StackSnapshot } from '../../electron/core/contract';
import { fromDockerHost, resolveEngineTarget } from '../../electron/core/docker/engine-target';
import { StackMonitor } from '../../electron/core/stack/stack-monitor';
import { ensureTestImage, removeProjectContainers, startComposeLikeContainer, uniqueProject } from '../support/docker-fixtures';
import { DockerSocketRelay } from '../support/socket-relay';

async function until(monitor: StackMonitor, predicate: (snapshot: StackSnapshot) => boolean, timeoutMs: number): Promise<StackSnapshot> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    for await (const snapshot of monitor.watch(abort.signal)) if (predicate(snapshot)) return snapshot;
  } finally {
    clearTimeout(timer);
  }
  throw new Error(`condition not met within ${timeoutMs} ms; last snapshot: ${JSON.stringify(monitor.snapshot)}`);
}

describe('stack monitor against the real Docker engine', () => {
  const project = uniqueProject('it-monitor');

  beforeAll(async () => {
    await ensureTestImage();
  });
  afterAll(() => removeProjectContainers(project));

  it('lists the project’s containers and follows their state from the event stream', async () => {
    const monitor = new StackMonitor({ project, target: resolveEngineTarget({}) });
    await monitor.start();
    try {
      expect(monitor.snapshot.engine.reachable).toBe(true);
      expect(monitor.snapshot.containers).toEqual([]);

      const container = await startComposeLikeContainer(project, 'product-service');
      const healthy = await until(monitor, (s) => s.containers[0]?.health === 'healthy', 10_000);
      expect(healthy.containers).toHaveLength(1);
      expect(healthy.containers[0]).toMatchObject({ name: 'product-service-1', state: 'running' });

      const stoppedAt = Date.now();
      await container.stop({ t: 1 });
      await until(monitor, (s) => s.containers[0]?.state === 'exited', 2_000);
      expect(Date.now() - stoppedAt).toBeLessThan(2_000);
    } finally {
      monitor.stop();
    }
  });

  it('ignores containers of other projects', async () => {
    const other = uniqueProject('it-other');
    await startComposeLikeContainer(other, 'user-service');
    const monitor = new StackMonitor({ project, target: resolveEngineTarget({}) });
    try {
      await monitor.start();
      expect(monitor.snapshot.containers.map((c) => c.service)).not.toContain('user-service');
    } finally {
      monitor.stop();
      await removeProjectContainers(other);
    }
  });

  it('says which socket it tried when the engine is unreachable, and recovers when it is back', async () => {
    const relay = new DockerSocketRelay(join(tmpdir(), `ha-demo-relay-${process.pid}.sock`));
    await relay.open();
    const monitor = new StackMonitor({ project, target: fromDockerHost(relay.dockerHost), retryMs: 200 });
    try {
      await monitor.start();
      expect(monitor.snapshot.engine.reachable).toBe(true);

      await relay.cut();
      const down = await until(monitor, (s) => !s.engine.reachable, 5_000);
      expect(down.engine).toMatchObject({ reachable: false, target: relay.dockerHost });
      if (!down.engine.reachable) expect(down.engine.reason).toMatch(/ENOENT|ECONNREFUSED|closed|ended|socket/i);

      await relay.open();
      await until(monitor, (s) => s.engine.reachable, 5_000);
    } finally {
      monitor.stop();
      await relay.cut();
    }
  });
});
