import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChaosService } from '../../electron/core/chaos/chaos-service';
import { ForeignContainerError } from '../../electron/core/chaos/project-containers';
import { LoadTestControl } from '../../electron/core/dashboard/load-test-control';
import { Timeline } from '../../electron/core/dashboard/timeline';
import { ComposeLabel } from '../../electron/core/docker/compose-labels';
import { resolveEngineTarget } from '../../electron/core/docker/engine-target';
import { StackMonitor } from '../../electron/core/stack/stack-monitor';
import { docker, ensureTestImage, removeProjectContainers, TEST_IMAGE, uniqueProject } from '../support/docker-fixtures';

// Nothing listens on port 9 of loopback: probes and the load generator fail fast, which these tests do not measure.
const CLOSED = 'http://127.0.0.1:9';

/**
 * A container as Compose makes them for the demo: init process, restart policy, a healthcheck. It is healthy
 * while /ok exists; the file is created on every start, so a restart heals a container made unhealthy.
 */
async function startServiceContainer(project: string, service: string, labels: Record<string, string> = {}): Promise<Docker.Container> {
  const container = await docker.createContainer({
    Image: TEST_IMAGE,
    name: `${project}-${service}-1`,
    Cmd: ['/bin/busybox', 'sh', '-c', "/bin/busybox touch /ok; trap 'exit 0' TERM; while true; do /bin/busybox sleep 0.2; done"],
    Labels: { [ComposeLabel.project]: project, [ComposeLabel.service]: service, [ComposeLabel.replica]: '1', [ComposeLabel.oneOff]: 'False', ...labels },
    Healthcheck: { Test: ['CMD', '/bin/busybox', 'test', '-f', '/ok'], Interval: 500_000_000, Timeout: 1_000_000_000, Retries: 1, StartPeriod: 0 },
    HostConfig: { NetworkMode: 'none', Init: true, RestartPolicy: { Name: 'unless-stopped' } },
  });
  await container.start();
  return container;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}
const inspect = (container: Docker.Container) => container.inspect();
const healthy = (container: Docker.Container) => waitFor('healthy', async () => ((await inspect(container)).State.Health?.Status === 'healthy' ? true : undefined));

describe('chaos on containers (real Docker engine, a project of test containers)', () => {
  const project = uniqueProject('it-chaos');
  const foreignProject = uniqueProject('it-foreign');
  let dir: string;
  let monitor: StackMonitor;
  let chaos: ChaosService;

  const createChaos = () =>
    new ChaosService({
      docker,
      compose: { stackDir: dir, project },
      monitor,
      timeline: new Timeline(),
      loadTest: new LoadTestControl(CLOSED),
      endpoints: { lbUrl: CLOSED, toxiproxyUrl: CLOSED, haproxyStatsUrl: CLOSED, prometheusUrl: CLOSED, loadgenUrl: CLOSED, grafanaUrl: CLOSED },
      journalFile: join(dir, 'journal.jsonl'),
      probeRatePerSecond: 1,
      watchdog: { unhealthyForMs: 1_000, services: ['sick', 'sleepy'] },
    });

  beforeAll(async () => {
    await ensureTestImage();
    dir = await mkdtemp(join(tmpdir(), 'it-chaos-'));
    monitor = new StackMonitor({ project, target: resolveEngineTarget({}) });
    await monitor.start();
    chaos = createChaos();
    await chaos.start();
    chaos.scaling.configure({ ...chaos.scaling.settings, enabled: false });
  });
  afterAll(async () => {
    chaos?.stop();
    monitor?.stop();
    await removeProjectContainers(project);
    await removeProjectContainers(foreignProject);
    await docker.getContainer(`${foreignProject}-nolabel`).remove({ force: true }).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses containers outside the project, by name or id, and leaves them running', async () => {
    const other = await startServiceContainer(foreignProject, 'product-service');
    const unlabelled = await docker.createContainer({ Image: TEST_IMAGE, name: `${foreignProject}-nolabel`, Cmd: ['/bin/busybox', 'sleep', '60'], HostConfig: { NetworkMode: 'none' } });
    await unlabelled.start();
    for (const container of [`${foreignProject}-product-service-1`, other.id, `${foreignProject}-nolabel`]) {
      for (const kind of ['crash', 'stop', 'pause'] as const) {
        await expect(chaos.inject({ kind, target: { container }, durationSeconds: 5 })).rejects.toBeInstanceOf(ForeignContainerError);
      }
    }
    expect((await inspect(other)).State).toMatchObject({ Running: true, Paused: false });
    expect((await unlabelled.inspect()).State).toMatchObject({ Running: true, Paused: false });
    // A service name only ever means the project's own service, never the foreign one of the same name.
    await expect(chaos.inject({ kind: 'crash', target: { service: 'product-service' } })).rejects.toThrow(/gibt es im Projekt/);
  });

  it('Absturz kills the process inside: the restart policy brings the container back', async () => {
    const web = await startServiceContainer(project, 'web');
    await healthy(web);
    const before = await inspect(web);
    await chaos.inject({ kind: 'crash', target: { service: 'web', replica: 1 }, durationSeconds: 30 });
    const after = await waitFor('restart by policy', async () => {
      const info = await inspect(web);
      return info.RestartCount > before.RestartCount && info.State.Running ? info : undefined;
    });
    // Killed from inside, so Docker's restart policy counted and restarted it: a kill through the API would not have.
    expect(after.State.Running).toBe(true);
    const journal = await chaos.journal.entries();
    expect(journal.some((entry) => entry.event === 'applied' && entry.kind === 'crash' && entry.targets.includes('web-1'))).toBe(true);
  });

  it('the watchdog restarts a container turned unhealthy, but never one paused on purpose', async () => {
    const sick = await startServiceContainer(project, 'sick');
    const sleepy = await startServiceContainer(project, 'sleepy');
    await Promise.all([healthy(sick), healthy(sleepy)]);
    const sleepyStarted = (await inspect(sleepy)).State.StartedAt;
    const sickStarted = (await inspect(sick)).State.StartedAt;

    await chaos.inject({ kind: 'pause', target: { service: 'sleepy' }, durationSeconds: 8 });
    await (await sick.exec({ Cmd: ['/bin/busybox', 'rm', '/ok'] })).start({ Detach: true });

    await waitFor('watchdog restart of sick-1', async () => ((await inspect(sick)).State.StartedAt !== sickStarted ? true : undefined));
    await healthy(sick);
    expect(chaos.state.watchdog.restarts.map((restart) => restart.container)).toContain('sick-1');

    // The pause ends at its deadline by itself; the paused container was not restarted meanwhile.
    await waitFor('automatic unpause', async () => ((await inspect(sleepy)).State.Paused ? undefined : true));
    expect((await inspect(sleepy)).State.StartedAt).toBe(sleepyStarted);
    expect(chaos.state.watchdog.restarts.map((restart) => restart.container)).not.toContain('sleepy-1');
  });

  it('"Alles zurücksetzen" after a mix of faults restores every container', async () => {
    const a = await startServiceContainer(project, 'alpha');
    const b = await startServiceContainer(project, 'beta');
    await Promise.all([healthy(a), healthy(b)]);
    await chaos.inject({ kind: 'pause', target: { service: 'alpha' }, durationSeconds: 300 });
    await chaos.inject({ kind: 'stop', target: { service: 'beta' }, durationSeconds: 300 });
    // And one done behind the app's back: reset restores the baseline whatever its cause.
    const c = await startServiceContainer(project, 'delta');
    await c.pause();
    const result = await chaos.resetAll();
    expect(result.steps).toEqual(expect.arrayContaining(['alpha-1 fortgesetzt', 'beta-1 gestartet', 'delta-1 fortgesetzt']));
    await Promise.all([healthy(a), healthy(b), healthy(c)]);
    expect(chaos.state.active).toEqual([]);
  });

  it('a fault left behind by a crashed app is undone on the next start', async () => {
    const c = await startServiceContainer(project, 'gamma');
    await healthy(c);
    const first = createChaos();
    await first.inject({ kind: 'stop', target: { service: 'gamma' }, durationSeconds: 300 });
    expect((await inspect(c)).State.Running).toBe(false);
    first.stop(); // the app dies: its deadline timer is gone with it

    const next = createChaos();
    await next.start();
    next.stop();
    await healthy(c);
    const reverted = (await next.journal.entries()).filter((entry) => entry.event === 'reverted' && entry.by === 'cleanup-on-start');
    expect(reverted).toHaveLength(1);
  });
});
