import { describe, expect, it } from 'vitest';
import { describeEngineEvent, Timeline } from '../../electron/core/dashboard/timeline';
import type { Container, StackSnapshot } from '../../electron/core/contract';
import { demuxedLines, describeComposeLine, isUpAndHealthy } from '../../electron/core/stack/stack-controller';

const event = (action: string, exitCode?: string) => ({ action, containerId: 'c1', name: 'product-service-1', service: 'product-service', exitCode, time: new Date('2026-11-25T14:00:00Z') });

describe('event timeline', () => {
  it('tells a crash, a start and a health change in German', () => {
    expect(describeEngineEvent(event('die', '137'))).toEqual({ kind: 'died', tone: 'bad', text: 'product-service-1 ausgefallen (Exit-Code 137)' });
    expect(describeEngineEvent(event('start'))?.text).toBe('product-service-1 gestartet');
    expect(describeEngineEvent(event('health_status: healthy'))?.text).toBe('product-service-1 gesund');
    expect(describeEngineEvent(event('exec_start: sh'))).toBeUndefined();
  });

  it('keeps the newest entry first, with the engine’s own time', () => {
    const timeline = new Timeline();
    timeline.recordEngineEvent(event('die', '1'));
    timeline.recordEngineEvent(event('start'));
    expect(timeline.entries.map((entry) => entry.kind)).toEqual(['started', 'died']);
    expect(timeline.entries[1]?.at).toBe('2026-11-25T14:00:00.000Z');
  });
});

describe('compose progress and logs', () => {
  it('translates compose progress lines for the presenter', () => {
    expect(describeComposeLine(' Container ha-demo-redis-1  Healthy')).toBe('redis-1: gesund');
    expect(describeComposeLine(' Container ha-demo-product-service-2  Starting')).toBe('product-service-2: startet');
    expect(describeComposeLine('random noise')).toBeUndefined();
  });

  it('demultiplexes Docker’s framed log stream instead of printing frame headers', () => {
    const frame = (stream: number, text: string) => {
      const body = Buffer.from(text);
      const header = Buffer.alloc(8);
      header[0] = stream;
      header.writeUInt32BE(body.length, 4);
      return Buffer.concat([header, body]);
    };
    expect(demuxedLines(Buffer.concat([frame(1, 'started\n'), frame(2, 'boom: no table\n')]))).toEqual(['started', 'boom: no table']);
  });
});

describe('"Demo starten" on a running stack', () => {
  const container = (service: string, overrides: Partial<Container> = {}): Container => ({
    id: service, name: `${service}-1`, service, replica: 1, state: 'running', health: 'healthy', statusText: 'Up', image: 'x', ...overrides,
  });
  const snapshot = (...containers: Container[]): StackSnapshot => ({
    project: 'ha-demo',
    engine: { reachable: true, target: 'unix:///var/run/docker.sock', version: '20', apiVersion: '1.41' },
    containers,
    observedAt: '',
  });
  const all = ['product-service', 'user-service', 'checkout-service', 'analytics-service', 'loadbalancer'].map((service) => container(service));

  it('leaves a healthy stack alone, and starts one that is partly down', () => {
    expect(isUpAndHealthy(snapshot(...all, container('redis', { health: 'none' })))).toBe(true);
    expect(isUpAndHealthy(snapshot(...all.slice(1)))).toBe(false);
    expect(isUpAndHealthy(snapshot(...all, container('redis', { state: 'exited' })))).toBe(false);
    expect(isUpAndHealthy(snapshot(...all, container('loadgen', { health: 'starting' })))).toBe(false);
    expect(isUpAndHealthy(snapshot(...all, container('product-service', { replica: 2, health: 'unhealthy' })))).toBe(false);
  });

  it('counts a stack as up while the autoscaler adds a replica, so a second press does not undo the scaling', () => {
    expect(isUpAndHealthy(snapshot(...all, container('product-service', { id: 'p3', replica: 3, health: 'starting' })))).toBe(true);
  });
});
