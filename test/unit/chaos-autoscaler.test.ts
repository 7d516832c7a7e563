import { describe, expect, it } from 'vitest';
import { backendRate, backendSessions, DEFAULT_AUTOSCALER, decideScaling, INITIAL_MEMORY, type ScalerMemory } from '../../electron/core/chaos/autoscaler';

const settings = { ...DEFAULT_AUTOSCALER, scaleOutAboveRps: 50, scaleInBelowRps: 20, quietSeconds: 10 };

/** Feeds readings one per second and returns the decisions taken. */
function run(readings: { replicas?: number; rps: number; p95Ms?: number | null }[], start = 100_000, memory: ScalerMemory = INITIAL_MEMORY) {
  const decisions: { at: number; from: number; to: number; reason: string }[] = [];
  let state = memory;
  let replicas = readings[0]?.replicas ?? 2;
  readings.forEach((reading, index) => {
    const at = start + index * 1000;
    // Without a given count the replicas follow the decisions, as they would after docker compose ran.
    replicas = reading.replicas ?? replicas;
    const result = decideScaling({ at, replicas, rps: reading.rps, p95Ms: reading.p95Ms ?? null }, settings, state);
    state = result.memory;
    if (result.decision) {
      decisions.push({ at, ...result.decision });
      replicas = result.decision.to;
    }
  });
  return decisions;
}

describe('autoscaler policy', () => {
  it('with its defaults: the demo load stays on two replicas, Black Friday adds replicas, and the demo load takes them back', () => {
    const step = (replicas: number, rps: number, memory: ScalerMemory, at: number) => decideScaling({ at, replicas, rps, p95Ms: 40 }, DEFAULT_AUTOSCALER, memory);
    let memory = INITIAL_MEMORY;
    let at = 100_000;
    // ~115 requests/s on the product backend at the demo's 100 journeys/s, for five minutes
    for (let second = 0; second < 300; second++, at += 1000) {
      const result = step(2, 115, memory, at);
      expect(result.decision).toBeUndefined();
      memory = result.memory;
    }
    // Black Friday ×5
    let out: { from: number; to: number } | undefined;
    for (let second = 0; second < 10 && !out; second++, at += 1000) ({ memory, decision: out } = step(2, 575, memory, at));
    expect(out).toMatchObject({ from: 2, to: 4 });
    // back to the demo load: one replica at a time, down to two
    let replicas = 4;
    for (let second = 0; second < 600; second++, at += 1000) {
      const result = step(replicas, 115, memory, at);
      memory = result.memory;
      if (result.decision) replicas = result.decision.to;
    }
    expect(replicas).toBe(2);
  });

  it('scales out to what the load needs once the load per replica stays high, within the upper bound', () => {
    const decisions = run(Array.from({ length: 8 }, () => ({ replicas: 2, rps: 180 })));
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ from: 2, to: 4 });
    expect(decisions[0]!.reason).toContain('90 Anfragen/s je Replikat > 50');
    // after the sustain time, not at the first high reading
    expect(decisions[0]!.at).toBe(104_000);
  });

  it('ignores a single busy second', () => {
    const readings = [{ replicas: 2, rps: 300 }, ...Array.from({ length: 10 }, () => ({ replicas: 2, rps: 60 }))];
    expect(run(readings)).toEqual([]);
  });

  it('does not take a warming-up replica\'s slow p95 for load, but still scales out on requests per replica', () => {
    const slowWhileWarming = Array.from({ length: 6 }, (_, i) => decideScaling(
      { at: 100_000 + i * 2_000, replicas: 2, rps: 60, p95Ms: 1_500, warmingUp: true }, DEFAULT_AUTOSCALER, INITIAL_MEMORY,
    ));
    expect(slowWhileWarming.every((result) => result.decision === undefined && result.memory.highSince === null)).toBe(true);
    let memory = INITIAL_MEMORY;
    const busy = Array.from({ length: 4 }, (_, i) => {
      const result = decideScaling({ at: 100_000 + i * 2_000, replicas: 2, rps: 250, p95Ms: 1_500, warmingUp: true }, DEFAULT_AUTOSCALER, memory);
      memory = result.memory;
      return result.decision;
    }).filter(Boolean);
    expect(busy[0]).toMatchObject({ from: 2, to: 3 });
  });

  it('scales out on a slow p95 even at moderate load', () => {
    const decisions = run(Array.from({ length: 6 }, () => ({ replicas: 2, rps: 60, p95Ms: 1_500 })));
    expect(decisions[0]).toMatchObject({ from: 2, to: 3 });
    expect(decisions[0]!.reason).toContain('p95');
  });

  it('scales in one replica at a time, only after the quiet period, never below the minimum', () => {
    const decisions = run([{ replicas: 4, rps: 30 }, ...Array.from({ length: 40 }, () => ({ rps: 30 }))]);
    expect(decisions.map((decision) => [decision.from, decision.to])).toEqual([[4, 3], [3, 2]]);
    expect(decisions[1]!.at - decisions[0]!.at).toBeGreaterThanOrEqual(10_000);
    expect(run(Array.from({ length: 30 }, () => ({ replicas: 2, rps: 0 })))).toEqual([]);
  });

  it('does not scale in when one replica fewer would be busy again', () => {
    expect(run(Array.from({ length: 30 }, () => ({ replicas: 3, rps: 80 })))).toEqual([]);
  });

  it('reads the request rate of a backend from HAProxy’s cumulative counter', () => {
    const csv = '# pxname,svname,qcur,stot\nproduct-service,product-1,0,10\nproduct-service,BACKEND,0,1500\nuser-service,BACKEND,0,7\n';
    expect(backendSessions(csv, 'product-service')).toBe(1500);
    expect(backendSessions(csv, 'checkout-service')).toBeNull();
    expect(backendRate({ at: 0, total: 1000 }, { at: 2000, total: 1300 })).toBe(150);
    expect(backendRate({ at: 0, total: 1000 }, { at: 2000, total: 10 })).toBeNull();
  });
});
