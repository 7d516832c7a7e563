import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { LoadTestControl } from '../dashboard/load-test-control';
import { journeys } from '../dashboard/dashboard-queries';
import { PrometheusClient } from '../dashboard/prometheus-client';
import { runCompose, type ComposeProject } from '../stack/compose-cli';
import type { StackController } from '../stack/stack-controller';
import { MIN_RPS } from './checks/script';
import type { FixAction } from './preflight-service';
import type { FixId } from '../contract/preflight';

export interface FixDependencies {
  compose: ComposeProject;
  control: StackController;
  loadTest: LoadTestControl;
  prometheusUrl: string;
  /** How long to wait for the load's rate to show in Prometheus after starting it. */
  settleMs?: number;
}

/** The buttons of the pre-flight view: each does what the presenter would otherwise type. */
export function createFixes(deps: FixDependencies): Record<FixId, FixAction> {
  const settle = () => waitForLoad(deps.loadTest, deps.prometheusUrl, deps.settleMs ?? 30_000);
  return {
    'start-stack': async () => {
      const operation = await deps.control.start();
      const result = operation.lastResult;
      if (!result?.ok) return { ok: false, message: result?.message ?? 'Der Stack ist nicht gestartet.' };
      await settle();
      return { ok: true, message: result.message };
    },
    'start-load': async () => {
      await deps.loadTest.start();
      await settle();
      return { ok: true, message: 'Der Lasttest läuft.' };
    },
    'build-images': async () => {
      const code = await runScript('bash', [join(deps.compose.stackDir, 'scripts', 'build-images.sh')]);
      return code === 0 ? { ok: true, message: 'Die Images sind gebaut.' } : { ok: false, message: `build-images.sh endete mit Code ${code}.` };
    },
    'pull-images': async () => {
      // Official images come from their registries, the four services are built from source: both need the network.
      for (const args of [['pull', '--ignore-buildable'], ['build']]) {
        const run = await runCompose(deps.compose, args);
        if (run.code !== 0) return { ok: false, message: `docker compose ${args[0]} ist fehlgeschlagen: ${run.output.at(-1) ?? `Code ${run.code}`}` };
      }
      return { ok: true, message: 'Die Images sind geladen und gebaut.' };
    },
    'stop-old-stack': async (report) => {
      const project = report.checks.find((check) => check.id === 'ports')?.figures.oldProject;
      if (typeof project !== 'string' || project === deps.compose.project) return { ok: false, message: 'Kein alter Stack gefunden.' };
      // By project name only: Compose finds the containers by their labels, whatever file started them.
      const run = await runCompose({ ...deps.compose, project }, ['down', '--remove-orphans', '--timeout', '15']);
      return run.code === 0 ? { ok: true, message: `Der alte Stack „${project}“ ist beendet.` } : { ok: false, message: run.output.at(-1) ?? 'docker compose down ist fehlgeschlagen.' };
    },
  };
}

/** A freshly started load needs a few seconds before its rate (over 10 s windows) reaches the bar. */
async function waitForLoad(loadTest: LoadTestControl, prometheusUrl: string, timeoutMs: number): Promise<void> {
  const prometheus = new PrometheusClient(prometheusUrl);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const status = await loadTest.status().catch(() => undefined);
    const charted = await prometheus.query(journeys.rps).then((samples) => samples[0]?.value ?? 0, () => 0);
    if (!status?.running || (status.achievedRps > MIN_RPS && charted > MIN_RPS)) return;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

function runScript(command: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'ignore' });
    child.on('error', () => resolve(127));
    child.on('close', (code) => resolve(code ?? 1));
  });
}
