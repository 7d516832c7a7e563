import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Docker from 'dockerode';
import { DEFAULT_PROJECT, defaultEndpoints } from '../app-core';
import { resolveEngineTarget } from '../docker/engine-target';
import { PreflightService } from './preflight-service';
import { formatTable } from './report-format';
import { slidesOnDisk } from './slides-source';

/**
 * `npm run preflight`: the same checks and the same table as the app's Pre-flight view, without the app.
 * Exit code 0 when ready for the stage, 1 when a check failed, 2 when nothing failed but something could not
 * be checked here (a caller must not read "not checkable" as "fine").
 */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      track: { type: 'string' },
      report: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const env = process.env;
  // Built to out/main/preflight.js; the project root is two folders up.
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const target = resolveEngineTarget(env);
  const sessionFile = env.HA_DEMO_SESSION_FILE ?? join(homedir(), '.ha-demo-presenter', 'session.json');
  const service = new PreflightService({
    context: {
      compose: { stackDir: join(root, 'stack'), project: env.HA_DEMO_PROJECT ?? DEFAULT_PROJECT },
      docker: new Docker(target.options),
      engineUrl: target.url,
      endpoints: defaultEndpoints(env),
      slides: slidesOnDisk(env.HA_DEMO_SLIDES_DIR ?? join(root, 'slides'), sessionFile, values.track),
      surface: 'cli',
      now: Date.now,
    },
    reportDir: values.report ? dirname(values.report) : join(homedir(), '.ha-demo-presenter', 'preflight'),
  });
  const report = await service.run();
  console.log(values.json ? JSON.stringify(report, null, 2) : formatTable(report, { commands: true }));
  if (values.report) {
    const saved = await service.save(values.report);
    console.log(`\nBericht gespeichert: ${saved.path}`);
  }
  if (report.gate.ready) return 0;
  return report.checks.some((check) => check.status === 'fail') ? 1 : 2;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Pre-flight abgebrochen: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
