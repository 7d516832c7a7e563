import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { byServiceAndReplica, healthFromStatus, toContainerView } from '../../electron/core/docker/container-view';

function info(overrides: Partial<Docker.ContainerInfo>): Docker.ContainerInfo {
  return {
    Id: 'abc123',
    Names: ['/ha-demo-product-service-2'],
    Image: 'ha-demo/product-service:latest',
    ImageID: 'sha256:1',
    Command: '',
    Created: 0,
    Ports: [],
    Labels: {
      'com.docker.compose.project': 'ha-demo',
      'com.docker.compose.service': 'product-service',
      'com.docker.compose.container-number': '2',
    },
    State: 'running',
    Status: 'Up 3 minutes (healthy)',
    HostConfig: { NetworkMode: 'bridge' },
    NetworkSettings: { Networks: {} },
    Mounts: [],
    ...overrides,
  } as Docker.ContainerInfo;
}

describe('container view', () => {
  it('names containers service-N as Compose users know them', () => {
    expect(toContainerView(info({}))).toMatchObject({ name: 'product-service-2', service: 'product-service', replica: 2, state: 'running', health: 'healthy' });
  });

  it('reads health from the status line, the only place API 1.41 reports it in lists', () => {
    expect(healthFromStatus('Up 2 seconds (health: starting)')).toBe('starting');
    expect(healthFromStatus('Up 1 minute (unhealthy)')).toBe('unhealthy');
    expect(healthFromStatus('Exited (137) 5 seconds ago')).toBe('none');
  });

  it('treats an unknown engine state as dead rather than inventing a healthy one', () => {
    expect(toContainerView(info({ State: 'zombie' })).state).toBe('dead');
  });

  it('sorts by service, then replica number', () => {
    const views = [
      toContainerView(info({ Id: 'c', Labels: { 'com.docker.compose.service': 'user-service', 'com.docker.compose.container-number': '1' } })),
      toContainerView(info({ Id: 'b', Labels: { 'com.docker.compose.service': 'product-service', 'com.docker.compose.container-number': '10' } })),
      toContainerView(info({ Id: 'a', Labels: { 'com.docker.compose.service': 'product-service', 'com.docker.compose.container-number': '2' } })),
    ].sort(byServiceAndReplica);
    expect(views.map((view) => view.name)).toEqual(['product-service-2', 'product-service-10', 'user-service-1']);
  });
});
