import { describe, expect, it } from 'vitest';
import { fail, pass, type CheckDefinition, type PreflightContext } from '../../electron/core/preflight/check';
import { PreflightService } from '../../electron/core/preflight/preflight-service';

/** A check that fails `failures` more times with the start fix, then passes: a stack that needs a moment. */
function settlingCheck(failures: number): CheckDefinition & { runs: number } {
  return {
    id: 'services-healthy',
    group: 'script',
    title: 'Alle 4 Services „Healthy“',
    runs: 0,
    async run() {
      this.runs += 1;
      return this.runs <= failures ? fail('3 von 4 gesund', 'user-service antwortet noch nicht.', 'start-stack') : pass('4 von 4 gesund');
    },
  };
}

const service = (check: CheckDefinition, started: { count: number }, settle = { timeoutMs: 2_000, intervalMs: 10 }) =>
  new PreflightService({
    // These checks read nothing of the machine.
    context: { now: () => Date.now() } as Omit<PreflightContext, 'composeConfig'>,
    checks: [check],
    reportDir: '/nonexistent',
    settle,
    fixes: {
      'start-stack': async () => {
        started.count += 1;
        return { ok: true, message: 'Alle Dienste laufen und sind gesund.' };
      },
    },
  });

describe('pre-flight fixes', () => {
  it('re-runs the checks a fix should have fixed until they pass, instead of judging the first moment after it', async () => {
    const check = settlingCheck(3);
    const started = { count: 0 };
    const preflight = service(check, started);
    expect((await preflight.run()).checks.find((each) => each.id === 'services-healthy')?.status).toBe('fail');

    const report = await preflight.fix('start-stack');

    expect(started.count).toBe(1);
    expect(report.checks.find((each) => each.id === 'services-healthy')?.status).toBe('pass');
    expect(check.runs).toBe(4);
  });

  it('also waits for a check that offered the fix and, once it ran, fails without one (data still arriving)', async () => {
    let runs = 0;
    const grafanaData: CheckDefinition = {
      id: 'grafana-data',
      group: 'script',
      title: 'Grafana zeigt Live-Daten',
      async run() {
        runs += 1;
        if (runs === 1) return fail('Prometheus nicht erreichbar', 'Prometheus antwortet nicht.', 'start-stack');
        return runs <= 3 ? fail('2 von 12 Panels ohne Daten', 'Noch keine Rate über 1 Minute.') : pass('12 Panels mit Daten');
      },
    };
    const preflight = service(grafanaData, { count: 0 });
    await preflight.run();

    const report = await preflight.fix('start-stack');

    expect(report.checks.find((each) => each.id === 'grafana-data')?.status).toBe('pass');
    expect(runs).toBe(4);
  });

  it('gives up after the settle time and shows the failure as it is', async () => {
    const check = settlingCheck(Number.POSITIVE_INFINITY);
    const report = await service(check, { count: 0 }, { timeoutMs: 100, intervalMs: 20 }).fix('start-stack');
    const row = report.checks.find((each) => each.id === 'services-healthy');
    expect(row?.status).toBe('fail');
    expect(row?.reason).toBe('user-service antwortet noch nicht.');
    expect(report.lastFix).toMatchObject({ id: 'start-stack', ok: true });
  });
});
