import Docker from 'dockerode';
import { DashboardService, type DashboardEndpoints } from './dashboard/dashboard-service';
import { LoadTestControl } from './dashboard/load-test-control';
import { Timeline } from './dashboard/timeline';
import { resolveEngineTarget, type EngineTarget } from './docker/engine-target';
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
  const slides = new SlidesService(defaultSlidesOptions(env, { analyticsUrl: endpoints.analyticsUrl, sessionFile: options.sessionFile }));
  return {
    info: { name: 'HA-Demo Presenter', version: options.version },
    stack,
    control,
    dashboard,
    timeline,
    loadTest,
    slides,
    endpoints,
    logs: (service, signal, tail) => followServiceLogs(docker, project, service, signal, tail),
    start: async () => {
      dashboard.start();
      void slides.start().catch((error: Error) => console.error(`Folien nicht geladen: ${error.message}`));
      await stack.start();
    },
    stop: () => {
      dashboard.stop();
      slides.stop();
      stack.stop();
    },
  };
}
