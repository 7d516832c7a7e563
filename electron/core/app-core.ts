import { homedir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { chaosEndpoints, chaosJournalFile, grafanaCredentials, meterSettings } from './chaos/chaos-options';
import { ChaosService } from './chaos/chaos-service';
import { DashboardService, type DashboardEndpoints } from './dashboard/dashboard-service';
import { LoadTestControl } from './dashboard/load-test-control';
import { Timeline } from './dashboard/timeline';
import { resolveEngineTarget, type EngineTarget } from './docker/engine-target';
import type { DisplayInfo } from './preflight/check';
import { createFixes } from './preflight/fixes';
import { PreflightService } from './preflight/preflight-service';
import { liveSlides } from './preflight/slides-source';
import { defaultSlidesOptions } from './slides/slides-options';
import { SlidesService } from './slides/slides-service';
import type { LogLine } from './contract';
import { followServiceLogs } from './stack/log-follower';
import { StackController } from './stack/stack-controller';
import { StackMonitor } from './stack/stack-monitor';

/** The Compose project name of the demo stack (`name:` in stack/compose.yaml). */
export const DEFAULT_PROJECT = 'ha-demo';

export interface AppCoreOptions {
  version: string;
  /** The folder with compose.yaml. */
  stackDir: string;
  project?: string;
  engine?: EngineTarget;
  endpoints?: Partial<DashboardEndpoints>;
  /** Where the desktop app keeps the presentation session (its user-data folder); web mode uses a dot folder. */
  sessionFile?: string;
  /** The folder with the MDX decks and tracks.yaml. */
  slidesDir?: string;
  /** The desktop app's displays; absent in web mode, where the pre-flight says it cannot check them. */
  displays?: () => DisplayInfo[];
}

/** Everything the Node side knows and does, independent of how the UI reaches it. */
export interface AppCore {
  readonly info: { name: string; version: string };
  readonly stack: StackMonitor;
  readonly control: StackController;
  readonly dashboard: DashboardService;
  readonly timeline: Timeline;
  readonly loadTest: LoadTestControl;
  readonly slides: SlidesService;
  readonly chaos: ChaosService;
  readonly preflight: PreflightService;
  readonly endpoints: DashboardEndpoints;
  logs(service: string, signal: AbortSignal, tail?: number): AsyncGenerator<LogLine[]>;
  start(): Promise<void>;
  stop(): void;
}

/** The stack's published ports, moved by the same variables as in compose.yaml. */
export function defaultEndpoints(env: NodeJS.ProcessEnv): DashboardEndpoints {
  return {
    prometheusUrl: env.HA_DEMO_PROMETHEUS_URL ?? `http://127.0.0.1:${env.PROMETHEUS_PORT ?? 9090}`,
    loadgenUrl: env.HA_DEMO_LOADGEN_URL ?? `http://127.0.0.1:${env.LOADGEN_PORT ?? 8089}`,
    analyticsUrl: env.HA_DEMO_ANALYTICS_URL ?? `http://127.0.0.1:${env.ANALYTICS_PORT ?? 8083}`,
    // localhost, not 127.0.0.1: the embedded dashboard's cookies and links then match what presenters type.
    grafanaUrl: env.HA_DEMO_GRAFANA_URL ?? `http://localhost:${env.GRAFANA_PORT ?? 3000}`,
  };
}

export function createAppCore(options: AppCoreOptions, env: NodeJS.ProcessEnv = process.env): AppCore {
  const project = options.project ?? env.HA_DEMO_PROJECT ?? DEFAULT_PROJECT;
  const target = options.engine ?? resolveEngineTarget(env);
  const endpoints = { ...defaultEndpoints(env), ...options.endpoints };
  const stack = new StackMonitor({ project, target });
  const docker = new Docker(target.options);
  const timeline = new Timeline();
  stack.onEvent((event) => timeline.recordEngineEvent(event));
  const loadTest = new LoadTestControl(endpoints.loadgenUrl);
  const control = new StackController({
    stackDir: options.stackDir,
    project,
    monitor: stack,
    docker,
    afterStart: () => loadTest.ensureRunning(),
  });
  const dashboard = new DashboardService(endpoints, stack, timeline);
  const chaos = new ChaosService({
    docker,
    compose: { stackDir: options.stackDir, project },
    monitor: stack,
    timeline,
    loadTest,
    endpoints: chaosEndpoints(env, endpoints),
    journalFile: chaosJournalFile(env),
    grafanaCredentials: grafanaCredentials(env),
    meter: meterSettings(env),
  });
  const slides = new SlidesService(defaultSlidesOptions(env, { analyticsUrl: endpoints.analyticsUrl, sessionFile: options.sessionFile, slidesDir: options.slidesDir }));
  const compose = { stackDir: options.stackDir, project };
  const preflight = new PreflightService({
    context: { compose, docker, engineUrl: target.url, endpoints, slides: liveSlides(slides), displays: options.displays, now: Date.now },
    fixes: createFixes({ compose, control, loadTest, prometheusUrl: endpoints.prometheusUrl }),
    reportDir: env.HA_DEMO_PREFLIGHT_DIR ?? join(homedir(), '.ha-demo-presenter', 'preflight'),
  });
  return {
    info: { name: 'HA-Demo Presenter', version: options.version },
    stack,
    control,
    dashboard,
    timeline,
    loadTest,
    slides,
    chaos,
    preflight,
    endpoints,
    logs: (service, signal, tail) => followServiceLogs(docker, project, service, signal, tail),
    start: async () => {
      dashboard.start();
      void chaos.start().catch((error: Error) => console.error(`Chaos-Aufräumen fehlgeschlagen: ${error.message}`));
      void slides.start().catch((error: Error) => console.error(`Folien nicht geladen: ${error.message}`));
      await stack.start();
    },
    stop: () => {
      dashboard.stop();
      chaos.stop();
      slides.stop();
      stack.stop();
    },
  };
}
