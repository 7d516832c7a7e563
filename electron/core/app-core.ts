import { resolveEngineTarget, type EngineTarget } from './docker/engine-target';
import { StackMonitor } from './stack/stack-monitor';

/** The Compose project name of the demo stack (`name:` in stack/compose.yaml). */
export const DEFAULT_PROJECT = 'ha-demo';

export interface AppCoreOptions {
  project?: string;
  engine?: EngineTarget;
  version: string;
}

/** Everything the Node side knows and does, independent of how the UI reaches it. */
export interface AppCore {
  readonly info: { name: string; version: string };
  readonly stack: StackMonitor;
  start(): Promise<void>;
  stop(): void;
}

export function createAppCore(options: AppCoreOptions, env: NodeJS.ProcessEnv = process.env): AppCore {
  const stack = new StackMonitor({
    project: options.project ?? env.HA_DEMO_PROJECT ?? DEFAULT_PROJECT,
    target: options.engine ?? resolveEngineTarget(env),
  });
  return {
    info: { name: 'HA-Demo Presenter', version: options.version },
    stack,
    start: () => stack.start(),
    stop: () => stack.stop(),
  };
}
