import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, rm, symlink, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { ComposeLabel } from '../../electron/core/docker/compose-labels';

export const docker = new Docker({ socketPath: '/var/run/docker.sock' });

/**
 * A one-megabyte image made from the host's static busybox, so tests need no registry and no stack build.
 * Built once per machine and then reused.
 */
export const TEST_IMAGE = 'ha-demo-test/busybox:1';

export async function ensureTestImage(): Promise<void> {
  try {
    await docker.getImage(TEST_IMAGE).inspect();
    return;
  } catch {
    // not built yet
  }
  const root = await mkdtemp(join(tmpdir(), 'ha-demo-busybox-'));
  try {
    await mkdir(join(root, 'bin'));
    await copyFile('/bin/busybox', join(root, 'bin', 'busybox'));
    await symlink('busybox', join(root, 'bin', 'sh'));
    await new Promise<void>((resolve, reject) => {
      const tar = spawn('tar', ['-C', root, '-c', '.']);
      const load = spawn('docker', ['import', '-', TEST_IMAGE]);
      tar.stdout.pipe(load.stdin);
      let stderr = '';
      load.stderr.on('data', (chunk) => (stderr += chunk));
      load.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`docker import failed: ${stderr}`))));
    });
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** A unique Compose project name per test file, so tests never see each other's (or the real stack's) containers. */
export function uniqueProject(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}`;
}

/** Starts a container that looks to the app exactly like one Compose created for `service-replica`. */
export async function startComposeLikeContainer(project: string, service: string, replica = 1, script = ''): Promise<Docker.Container> {
  const container = await docker.createContainer({
    Image: TEST_IMAGE,
    name: `${project}-${service}-${replica}`,
    // Exits promptly on SIGTERM, so `docker stop` takes milliseconds, not the 10 s grace period.
    Cmd: ['/bin/busybox', 'sh', '-c', `${script} trap 'exit 0' TERM; while true; do /bin/busybox sleep 0.2; done`],
    Labels: {
      [ComposeLabel.project]: project,
      [ComposeLabel.service]: service,
      [ComposeLabel.replica]: String(replica),
      [ComposeLabel.oneOff]: 'False',
    },
    Healthcheck: { Test: ['CMD', '/bin/busybox', 'true'], Interval: 500_000_000, Timeout: 1_000_000_000, Retries: 1, StartPeriod: 0 },
    HostConfig: { NetworkMode: 'none' },
  });
  await container.start();
  return container;
}

export async function removeProjectContainers(project: string): Promise<void> {
  const containers = await docker.listContainers({ all: true, filters: { label: [`${ComposeLabel.project}=${project}`] } });
  await Promise.all(containers.map((info) => docker.getContainer(info.Id).remove({ force: true })));
}
