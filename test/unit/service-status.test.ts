import { describe, expect, it } from 'vitest';
import type { Container, StackSnapshot } from '../../electron/core/contract';
import { serviceStatus } from '../../electron/core/dashboard/service-status';

const container = (service: string, replica: number, overrides: Partial<Container> = {}): Container => ({
  id: `${service}-${replica}`,
  name: `${service}-${replica}`,
  service,
  replica,
  state: 'running',
  health: 'healthy',
  statusText: 'Up',
  image: 'x',
  ...overrides,
});
const stack = (...containers: Container[]): StackSnapshot => ({
  project: 'ha-demo',
  engine: { reachable: true, target: 'unix:///var/run/docker.sock', version: '20', apiVersion: '1.41' },
  containers,
  observedAt: new Date().toISOString(),
});
const quiet = { rps: null, p95Ms: null, errorRatio: null };

describe('service status on the dashboard', () => {
  it('is Gesund when every replica is healthy and the figures keep the promise', () => {
    expect(serviceStatus('product-service', stack(container('product-service', 1), container('product-service', 2)), { rps: 80, p95Ms: 12, errorRatio: 0 })).toMatchObject({
      status: 'healthy',
      healthy: 2,
      total: 2,
    });
  });

  it('is Eingeschränkt when a replica is down, and says how many still serve', () => {
    const result = serviceStatus('product-service', stack(container('product-service', 1), container('product-service', 2, { state: 'exited', health: 'none' })), quiet);
    expect(result).toMatchObject({ status: 'degraded', reason: '1 von 2 Replikaten gesund' });
  });

  it('is Eingeschränkt when p95 or errors break the promise under real traffic, not for a single slow probe', () => {
    const one = stack(container('user-service', 1));
    expect(serviceStatus('user-service', one, { rps: 50, p95Ms: 180, errorRatio: 0 }).status).toBe('degraded');
    expect(serviceStatus('user-service', one, { rps: 50, p95Ms: 20, errorRatio: 0.05 }).reason).toBe('Fehlerquote 5,0 %');
    expect(serviceStatus('user-service', one, { rps: 0.1, p95Ms: 480, errorRatio: 0 }).status).toBe('healthy');
  });

  it('is Ausgefallen when no replica serves, naming a deliberate pause as such', () => {
    expect(serviceStatus('checkout-service', stack(), quiet)).toMatchObject({ status: 'down', reason: 'nicht gestartet' });
    expect(serviceStatus('checkout-service', stack(container('checkout-service', 1, { state: 'paused' })), quiet)).toMatchObject({ status: 'down', reason: 'pausiert' });
    expect(serviceStatus('checkout-service', stack(container('checkout-service', 1, { health: 'unhealthy' })), quiet).reason).toBe('ungesund');
  });

  it('is Unbekannt, not Ausgefallen, while the Docker engine cannot be asked', () => {
    const unreachable: StackSnapshot = { ...stack(), engine: { reachable: false, target: 'unix:///x', reason: 'ENOENT' } };
    expect(serviceStatus('product-service', unreachable, quiet).status).toBe('unknown');
  });
});
