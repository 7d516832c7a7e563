import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { ChaosService } from '../../../electron/core/chaos/chaos-service';
import { chaosEndpoints } from '../../../electron/core/chaos/chaos-options';
import { DEFAULT_METER } from '../../../electron/core/chaos/recovery-meter';
import { defaultEndpoints } from '../../../electron/core/app-core';
import { LoadTestControl } from '../../../electron/core/dashboard/load-test-control';
import { Timeline } from '../../../electron/core/dashboard/timeline';
import { resolveEngineTarget } from '../../../electron/core/docker/engine-target';
import { StackMonitor } from '../../../electron/core/stack/stack-monitor';
import { lbUrl, ports, project, stackDir } from './stack';

export const loadgenUrl = `http://127.0.0.1:${ports.loadgen}`;
const dynamodbUrl = `http://127.0.0.1:${process.env.DYNAMODB_PORT ?? 8000}`;

/** The app's chaos backend on the real stack, as the app builds it, with a journal of its own. */
export async function startChaos(): Promise<{ chaos: ChaosService; monitor: StackMonitor; timeline: Timeline; docker: Docker }> {
  const target = resolveEngineTarget();
  const docker = new Docker(target.options);
  const monitor = new StackMonitor({ project, target });
  await monitor.start();
  const timeline = new Timeline();
  monitor.onEvent((event) => timeline.recordEngineEvent(event));
  const endpoints = defaultEndpoints(process.env);
  const chaos = new ChaosService({
    docker,
    compose: { stackDir, project },
    monitor,
    timeline,
    loadTest: new LoadTestControl(endpoints.loadgenUrl),
    endpoints: chaosEndpoints(process.env, endpoints),
    journalFile: join(mkdtempSync(join(tmpdir(), 'chaos-stack-')), 'journal.jsonl'),
    // The build machines are shared and slow: a healthy window's p95 target is 3 s here (1.5 s by default).
    meter: { ...DEFAULT_METER, slowMs: Number(process.env.HA_DEMO_CHAOS_P95_TARGET_MS ?? 3_000) },
  });
  await chaos.start();
  return { chaos, monitor, timeline, docker };
}

/**
 * The test's own view, independent of the app's: GET requests through the load balancer at a fixed rate,
 * each with a timeout, counting failures. Bounded: it stops itself after `maxSeconds`.
 */
export class IndependentProbe {
  ok = 0;
  failed = 0;
  private timer: NodeJS.Timeout;
  private readonly stopAt: number;

  constructor(path = '/api/v1/products?limit=5', perSecond = 5, maxSeconds = 240) {
    this.stopAt = Date.now() + maxSeconds * 1000;
    this.timer = setInterval(() => {
      if (Date.now() > this.stopAt) return this.stop();
      fetch(`${lbUrl}${path}`, { signal: AbortSignal.timeout(2_000) })
        .then(async (response) => {
          await response.arrayBuffer();
          if (response.ok) this.ok++;
          else this.failed++;
        })
        .catch(() => this.failed++);
    }, 1000 / perSecond);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

export async function loadgenJson<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(`${loadgenUrl}${path}`, { ...init, signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export interface AcceptedOrder {
  seq: number;
  id: string;
  status: string;
  degraded: boolean;
  idempotencyKey: string;
  acceptedAt: string;
}

/** Every order the load generator saw accepted after sequence number `after`. */
export async function acceptedOrdersAfter(after: number): Promise<AcceptedOrder[]> {
  const orders: AcceptedOrder[] = [];
  let cursor = after;
  for (;;) {
    const page = await loadgenJson<{ items: AcceptedOrder[]; nextAfter: number }>(`/api/v1/loadgen/orders?after=${cursor}&limit=10000`);
    orders.push(...page.items);
    if (page.items.length === 0 || page.nextAfter === cursor) return orders;
    cursor = page.nextAfter;
  }
}

export async function lastOrderSeq(): Promise<number> {
  const all = await acceptedOrdersAfter(0);
  return all.at(-1)?.seq ?? 0;
}

/** One order as stored in DynamoDB (moto on 127.0.0.1:8000), read consistently. */
export async function storedOrder(id: string): Promise<{ id: string; status: string; idempotencyKey: string } | undefined> {
  const response = await fetch(dynamodbUrl, {
    method: 'POST',
    signal: AbortSignal.timeout(5_000),
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': 'DynamoDB_20120810.GetItem',
      authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/eu-central-1/dynamodb/aws4_request, SignedHeaders=host, Signature=x',
    },
    body: JSON.stringify({ TableName: 'orders', Key: { id: { S: id } }, ConsistentRead: true }),
  });
  if (!response.ok) throw new Error(`GetItem ${id}: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { Item?: Record<string, { S?: string }> };
  if (!body.Item) return undefined;
  return { id: body.Item.id?.S ?? '', status: body.Item.status?.S ?? '', idempotencyKey: body.Item.idempotencyKey?.S ?? '' };
}

export async function breakerState(dependency: string): Promise<string | undefined> {
  const response = await fetch(`${lbUrl}/api/v1/checkout/resilience`, { signal: AbortSignal.timeout(2_000) });
  if (!response.ok) return undefined;
  const body = (await response.json()) as { dependencies: { dependency: string; state: string }[] };
  return body.dependencies.find((entry) => entry.dependency === dependency)?.state;
}

/** loadgen_requests_total of one step, by outcome, from the load generator's own /metrics. */
export async function loadgenStep(step: string): Promise<{ total: number; ok: number }> {
  const text = await (await fetch(`${loadgenUrl}/metrics`, { signal: AbortSignal.timeout(2_000) })).text();
  let total = 0;
  let ok = 0;
  for (const match of text.matchAll(/^loadgen_requests_total\{outcome="([^"]+)",step="([^"]+)"\} (\S+)$/gm)) {
    if (match[2] !== step) continue;
    total += Number(match[3]);
    if (match[1] === 'success' || match[1] === 'rejected') ok += Number(match[3]);
  }
  return { total, ok };
}
