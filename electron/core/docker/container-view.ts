import type Docker from 'dockerode';
import { ContainerStateSchema, type Container, type ContainerHealth } from '../contract';
import { ComposeLabel } from './compose-labels';

/**
 * Turns the engine's container summary into what the UI shows. The list endpoint of API 1.41 carries health
 * only inside the status line ("Up 3 minutes (healthy)"), so it is read from there.
 */
export function toContainerView(info: Docker.ContainerInfo): Container {
  const labels = info.Labels ?? {};
  const service = labels[ComposeLabel.service] ?? info.Names[0]?.replace(/^\//, '') ?? info.Id.slice(0, 12);
  const replica = Number.parseInt(labels[ComposeLabel.replica] ?? '1', 10) || 1;
  const state = ContainerStateSchema.safeParse(info.State);
  return {
    id: info.Id,
    name: `${service}-${replica}`,
    service,
    replica,
    state: state.success ? state.data : 'dead',
    health: healthFromStatus(info.Status),
    statusText: info.Status,
    image: info.Image,
  };
}

export function healthFromStatus(status: string): ContainerHealth {
  if (/\(healthy\)/.test(status)) return 'healthy';
  if (/\(unhealthy\)/.test(status)) return 'unhealthy';
  if (/\(health: starting\)/.test(status)) return 'starting';
  return 'none';
}

/** Stable order for display: by service, then replica number. */
export function byServiceAndReplica(a: Container, b: Container): number {
  return a.service.localeCompare(b.service) || a.replica - b.replica;
}
