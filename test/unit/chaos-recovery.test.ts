import { describe, expect, it } from 'vitest';
import type { ProbeSample } from '../../electron/core/chaos/probe-journeys';
import { measureRecovery, type MeasureInput } from '../../electron/core/chaos/recovery-meter';

const T0 = 1_800_000_000_000;
/** Four probes a second from `from` to `to` (seconds after the fault), ok unless `bad` says otherwise. */
function probes(from: number, to: number, bad: (second: number) => boolean = () => false, latencyMs = 40): ProbeSample[] {
  const samples: ProbeSample[] = [];
  for (let ms = from * 1000; ms < to * 1000; ms += 250) {
    samples.push({ at: T0 + ms, journey: 'browse', ok: !bad(ms / 1000), latencyMs });
  }
  return samples;
}
const input = (overrides: Partial<MeasureInput>): MeasureInput => ({
  faultAt: T0,
  now: T0 + 60_000,
  revertedAt: T0 + 30_000,
  revertActed: false,
  samples: probes(0, 60),
  target: { expectsDown: false, downAt: null, upAt: null },
  loadgen: [],
  ...overrides,
});

describe('recovery measured from probe journeys', () => {
  it('a crashed replica behind the load balancer: no failed probe, MTTR is when the engine reports it healthy again', () => {
    const { recovery, done } = measureRecovery(
      input({
        revertedAt: T0 + 30_000,
        target: { expectsDown: true, downAt: T0 + 120, upAt: T0 + 24_500 },
        loadgen: [
          { at: T0 - 500, total: 10_000, failed: 3 },
          { at: T0 + 24_000, total: 12_400, failed: 3 },
          { at: T0 + 25_000, total: 12_500, failed: 3 },
        ],
      }),
    );
    expect(done).toBe(true);
    expect(recovery.mttrMs).toBe(24_500);
    expect(recovery.detectedAfterMs).toBe(120);
    expect(recovery.recoveredBy).toBe('self-healing');
    expect(recovery.probes.failed).toBe(0);
    expect(recovery.loadgen).toEqual({ total: 2_400, failed: 0 });
  });

  it('a stopped service: failures until the revert, recovery only after it is a rollback', () => {
    const failing = (second: number) => second >= 1 && second < 42;
    const { recovery, done } = measureRecovery(
      input({ now: T0 + 70_000, samples: probes(0, 70, failing), revertActed: true, target: { expectsDown: true, downAt: T0 + 300, upAt: T0 + 41_000 } }),
    );
    expect(done).toBe(true);
    expect(recovery.mttrMs).toBe(42_000);
    expect(recovery.recoveredBy).toBe('rollback');
    expect(recovery.probes.failed).toBe(41 * 4);
    expect(recovery.detectedBy).toBe('Docker meldet den Container ausgefallen');
  });

  it('stays pending until three windows of healthy journeys confirm the recovery', () => {
    const failing = (second: number) => second < 50;
    const { recovery, done } = measureRecovery(input({ now: T0 + 60_000, samples: probes(0, 60, failing) }));
    expect(done).toBe(false);
    expect(recovery.recoveredBy).toBe('pending');
    expect(recovery.mttrMs).toBeNull();
  });

  it('never concludes before the fault is reverted, and a slow journey counts as a symptom', () => {
    const slow = [...probes(0, 5), ...probes(5, 40).map((sample) => ({ ...sample, latencyMs: 1_600 })), ...probes(40, 60)];
    const active = measureRecovery(input({ revertedAt: null, now: T0 + 39_000, samples: slow.filter((s) => s.at < T0 + 39_000) }));
    expect(active.done).toBe(false);
    expect(active.recovery.detectedBy).toBe('Probe browse langsam');
    const after = measureRecovery(input({ revertedAt: T0 + 40_000, revertActed: true, samples: slow }));
    expect(after.done).toBe(true);
    // p95 tolerates the last slow probe of the stretch: recovery starts within a probe interval of the revert.
    expect(after.recovery.mttrMs).toBeGreaterThanOrEqual(39_500);
    expect(after.recovery.mttrMs).toBeLessThanOrEqual(40_000);
    expect(after.recovery.recoveredBy).toBe('rollback');
  });

  it('judges windows, not single probes: an occasional slow probe does not hold recovery back, a failed one does', () => {
    const slowNowAndThen = probes(0, 60).map((sample, index) => (index % 30 === 0 ? { ...sample, latencyMs: 3_000 } : sample));
    expect(measureRecovery(input({ samples: slowNowAndThen })).recovery.mttrMs).toBe(0);
    const failedAt45 = probes(0, 70, (second) => second >= 45 && second < 45.5);
    expect(measureRecovery(input({ now: T0 + 70_000, samples: failedAt45 })).recovery.mttrMs).toBe(45_500);
  });

  it('gives up two minutes after the revert when journeys keep failing', () => {
    const { recovery, done } = measureRecovery(input({ now: T0 + 200_000, samples: probes(0, 200, () => true) }));
    expect(done).toBe(true);
    expect(recovery.recoveredBy).toBe('not-recovered');
    expect(recovery.mttrMs).toBeNull();
  });

  it('counts the load generator only from a reading taken at the fault, not from one minutes before', () => {
    const { recovery } = measureRecovery(
      input({ loadgen: [{ at: T0 - 150_000, total: 100, failed: 0 }, { at: T0 + 20_000, total: 17_000, failed: 0 }] }),
    );
    expect(recovery.loadgen).toBeNull();
  });

  it('does not count the load generator when it restarted meanwhile', () => {
    const { recovery } = measureRecovery(
      input({ loadgen: [{ at: T0 - 100, total: 5_000, failed: 0 }, { at: T0 + 10_000, total: 200, failed: 0 }] }),
    );
    expect(recovery.loadgen).toBeNull();
  });
});
