import type Docker from 'dockerode';
import { SERVICE_KEYS, type StackOperation, type StackSnapshot } from '../contract';
import { LatestValueFeed } from './latest-value-feed';
import { runCompose, type ComposeProject } from './compose-cli';
import type { StackMonitor } from './stack-monitor';

export interface StackControllerOptions extends ComposeProject {
  monitor: StackMonitor;
  docker: Docker;
  /** Called after a successful start, e.g. to make sure the load test runs. */
  afterStart?: () => Promise<void>;
  waitTimeoutSeconds?: number;
}

const IDLE: StackOperation = { kind: 'idle', phase: 'Bereit', startedAt: null, lastResult: null };

/**
 * "Demo starten" / "Demo beenden". One operation at a time: pressing a button again while it runs joins
 * the running operation instead of starting a second compose process; starting a running stack and
 * stopping a stopped one are harmless, because compose itself is idempotent.
 */
export class StackController {
  private readonly feed = new LatestValueFeed<StackOperation>(IDLE);
  private running: Promise<StackOperation> | undefined;

  constructor(private readonly options: StackControllerOptions) {}

  get operation(): StackOperation {
    return this.feed.current;
  }

  watch(signal?: AbortSignal) {
    return this.feed.watch(signal);
  }

  start(): Promise<StackOperation> {
    return this.exclusive('starting', () => this.runStart());
  }

  stop(): Promise<StackOperation> {
    return this.exclusive('stopping', () => this.runStop());
  }

  private exclusive(kind: 'starting' | 'stopping', work: () => Promise<StackOperation['lastResult']>): Promise<StackOperation> {
    if (this.running) return this.running;
    const startedAt = Date.now();
    this.publish({ kind, phase: kind === 'starting' ? 'Stack wird gestartet …' : 'Stack wird beendet …', startedAt: new Date(startedAt).toISOString() });
    this.running = work()
      .catch((error: unknown) => ({
        kind: kind === 'starting' ? ('start' as const) : ('stop' as const),
        ok: false,
        message: error instanceof Error ? error.message : String(error),
        finishedAt: '',
        seconds: 0,
      }))
      .then((result) => {
        const finished = { ...result!, finishedAt: new Date().toISOString(), seconds: Math.round((Date.now() - startedAt) / 100) / 10 };
        this.feed.publish({ kind: 'idle', phase: finished.ok ? 'Bereit' : 'Fehlgeschlagen', startedAt: null, lastResult: finished });
        return this.feed.current;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private publish(partial: Partial<StackOperation>): void {
    this.feed.publish({ ...this.feed.current, ...partial });
  }

  private async runStart(): Promise<StackOperation['lastResult']> {
    // A running, healthy stack is left alone: a second `up` would reset what the autoscaler scaled and may
    // recreate containers mid-demo.
    if (isUpAndHealthy(this.options.monitor.snapshot)) {
      if (this.options.afterStart) await this.options.afterStart();
      return { kind: 'start', ok: true, message: 'Alle Dienste laufen bereits und sind gesund.', finishedAt: '', seconds: 0 };
    }
    const run = await runCompose(
      this.options,
      ['up', '-d', '--wait', '--wait-timeout', String(this.options.waitTimeoutSeconds ?? 240), '--remove-orphans'],
      (line) => this.publish({ phase: describeComposeLine(line) ?? this.feed.current.phase }),
    );
    if (run.code !== 0) return this.failure('start', run.output);
    if (this.options.afterStart) {
      this.publish({ phase: 'Lasttest wird gestartet …' });
      await this.options.afterStart();
    }
    return { kind: 'start', ok: true, message: 'Alle Dienste laufen und sind gesund.', finishedAt: '', seconds: 0 };
  }

  private async runStop(): Promise<StackOperation['lastResult']> {
    const run = await runCompose(this.options, ['--profile', '*', 'down', '--remove-orphans', '--timeout', '15'], (line) =>
      this.publish({ phase: describeComposeLine(line) ?? this.feed.current.phase }),
    );
    if (run.code !== 0) return this.failure('stop', run.output);
    return { kind: 'stop', ok: true, message: 'Der Stack ist beendet.', finishedAt: '', seconds: 0 };
  }

  /** Names the service that broke the start and shows its last log lines, so the presenter sees why. */
  private async failure(kind: 'start' | 'stop', output: string[]): Promise<NonNullable<StackOperation['lastResult']>> {
    const broken = this.options.monitor.snapshot.containers.find(
      (container) => container.health === 'unhealthy' || container.state === 'exited' || container.state === 'dead' || container.state === 'restarting',
    );
    const composeTail = output.slice(-8);
    if (!broken) {
      return { kind, ok: false, message: `docker compose ist fehlgeschlagen: ${composeTail.at(-1) ?? 'ohne Ausgabe'}`, logTail: composeTail, finishedAt: '', seconds: 0 };
    }
    const logs = await this.options.docker
      .getContainer(broken.id)
      .logs({ stdout: true, stderr: true, tail: 15, follow: false })
      .then((buffer) => demuxedLines(buffer as unknown as Buffer))
      .catch(() => composeTail);
    return {
      kind,
      ok: false,
      message: `${broken.name} ist nicht gesund geworden (${broken.statusText}).`,
      failedService: broken.service,
      logTail: logs,
      finishedAt: '',
      seconds: 0,
    };
  }
}

/**
 * Every container of the project running and none unhealthy, and each service with a healthy container — the load
 * balancer and the four services among them. A replica the autoscaler is just adding may still be starting.
 */
export function isUpAndHealthy(snapshot: StackSnapshot): boolean {
  if (!snapshot.engine.reachable || snapshot.containers.length === 0) return false;
  const serving = (container: StackSnapshot['containers'][number]) => container.state === 'running' && (container.health === 'healthy' || container.health === 'none');
  if (!snapshot.containers.every((container) => container.state === 'running' && container.health !== 'unhealthy')) return false;
  const servingServices = new Set(snapshot.containers.filter(serving).map((container) => container.service));
  const services = new Set([...snapshot.containers.map((container) => container.service), ...SERVICE_KEYS, 'loadbalancer']);
  return [...services].every((service) => servingServices.has(service));
}

/** Compose's plain progress lines, in German: "Container ha-demo-redis-1  Healthy" → "redis-1: gesund". */
export function describeComposeLine(line: string): string | undefined {
  const match = /(?:Container|Image|Network|Volume)\s+(\S+)\s+(\w+)/.exec(line);
  if (!match) return undefined;
  const [, name = '', event = ''] = match;
  const short = name.replace(/^[^-]+-demo-/, '').replace(/^ha-demo[-_]/, '');
  const verbs: Record<string, string> = {
    Creating: 'wird erstellt',
    Created: 'erstellt',
    Starting: 'startet',
    Started: 'gestartet',
    Waiting: 'wartet auf Gesundheit',
    Healthy: 'gesund',
    Building: 'wird gebaut',
    Built: 'gebaut',
    Pulling: 'wird geladen',
    Stopping: 'wird gestoppt',
    Stopped: 'gestoppt',
    Removing: 'wird entfernt',
    Removed: 'entfernt',
  };
  return verbs[event] ? `${short}: ${verbs[event]}` : undefined;
}

/** Docker multiplexes stdout/stderr of non-TTY containers into 8-byte-framed chunks; never print them raw. */
export function demuxedLines(buffer: Buffer): string[] {
  const lines: string[] = [];
  let offset = 0;
  let text = '';
  while (offset + 8 <= buffer.length && (buffer[offset] === 1 || buffer[offset] === 2) && buffer[offset + 1] === 0) {
    const size = buffer.readUInt32BE(offset + 4);
    text += buffer.subarray(offset + 8, offset + 8 + size).toString('utf8');
    offset += 8 + size;
  }
  if (offset === 0) text = buffer.toString('utf8');
  for (const line of text.split('\n')) if (line.trim()) lines.push(line);
  return lines;
}
