import Docker from 'dockerode';
import type { StackSnapshot } from '../contract';
import { projectFilter } from '../docker/compose-labels';
import { byServiceAndReplica, toContainerView } from '../docker/container-view';
import type { EngineTarget } from '../docker/engine-target';
import { LatestValueFeed } from './latest-value-feed';

/** A container event of the project, as the engine reports it (only the fields the app uses). */
export interface EngineEvent {
  action: string;
  containerId: string;
  /** `service-N`, as the UI names containers. */
  name: string;
  service: string;
  exitCode?: string;
  time: Date;
}

export interface StackMonitorOptions {
  project: string;
  target: EngineTarget;
  /** How long to wait before trying an unreachable engine again. */
  retryMs?: number;
  /** Coalesces bursts of engine events (a `compose up` emits dozens) into one re-list. */
  debounceMs?: number;
}

/**
 * Keeps a live picture of the Compose project's containers: lists them once, then re-lists on every engine
 * event for the project. When the engine goes away (stream ends, socket gone) it reports that with the
 * target it tried, and keeps trying until the engine is back.
 */
export class StackMonitor {
  private readonly docker: Docker;
  private readonly feed: LatestValueFeed<StackSnapshot>;
  private readonly retryMs: number;
  private readonly debounceMs: number;
  private running = false;
  private events: NodeJS.ReadableStream | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private wakeRetry: (() => void) | undefined;
  private readonly eventListeners = new Set<(event: EngineEvent) => void>();
  private markObserved: () => void = () => {};
  private readonly firstObservation = new Promise<void>((resolve) => (this.markObserved = resolve));

  constructor(private readonly options: StackMonitorOptions) {
    this.docker = new Docker(options.target.options);
    this.retryMs = options.retryMs ?? 1000;
    this.debounceMs = options.debounceMs ?? 40;
    this.feed = new LatestValueFeed<StackSnapshot>({
      project: options.project,
      engine: { reachable: false, target: options.target.url, reason: 'Noch nicht verbunden' },
      containers: [],
      observedAt: new Date().toISOString(),
    });
  }

  get snapshot(): StackSnapshot {
    return this.feed.current;
  }

  watch(signal?: AbortSignal): AsyncGenerator<StackSnapshot> {
    return this.feed.watch(signal);
  }

  /** Every container event of the project (died, started, health changed …), for the timeline. */
  onEvent(listener: (event: EngineEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Resolves once the first observation (reachable or not) is made. */
  start(): Promise<void> {
    if (!this.running) {
      this.running = true;
      void this.connectLoop();
    }
    return this.firstObservation;
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.refreshTimer);
    clearTimeout(this.retryTimer);
    this.wakeRetry?.();
    this.closeEvents();
  }

  private async connectLoop(): Promise<void> {
    while (this.running) {
      try {
        const version = await this.docker.version();
        const { ended } = await this.followEvents();
        await this.refresh({ version: version.Version, apiVersion: version.ApiVersion });
        // When the stream ends the loop asks the engine again: that answer, not the broken stream, decides
        // whether the panel says "unreachable".
        await ended;
      } catch (error) {
        this.publishUnreachable(error);
      }
      this.closeEvents();
      if (this.running) await this.pause(this.retryMs);
    }
  }

  /** Subscribes to the project's container events; the returned promise resolves when the stream ends. */
  private async followEvents(): Promise<{ ended: Promise<void> }> {
    const stream = await this.docker.getEvents({
      filters: { type: ['container'], label: [projectFilter(this.options.project)] },
    });
    this.events = stream;
    let partial = '';
    stream.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) this.dispatch(line);
      this.scheduleRefresh();
    });
    // Wrapped in an object: an async function returning a bare promise would make the caller wait for the end.
    const ended = new Promise<void>((resolve) => {
      stream.once('error', () => resolve());
      stream.once('end', () => resolve());
      stream.once('close', () => resolve());
    });
    return { ended };
  }

  private dispatch(line: string): void {
    if (!line.trim() || this.eventListeners.size === 0) return;
    let raw: { Action?: string; id?: string; time?: number; timeNano?: number; Actor?: { ID?: string; Attributes?: Record<string, string> } };
    try {
      raw = JSON.parse(line);
    } catch {
      return;
    }
    const attributes = raw.Actor?.Attributes ?? {};
    const service = attributes['com.docker.compose.service'] ?? attributes.name ?? 'unbekannt';
    const event: EngineEvent = {
      action: raw.Action ?? '',
      containerId: raw.Actor?.ID ?? raw.id ?? '',
      name: `${service}-${attributes['com.docker.compose.container-number'] ?? '1'}`,
      service,
      exitCode: attributes.exitCode,
      time: raw.timeNano ? new Date(raw.timeNano / 1e6) : new Date((raw.time ?? Date.now() / 1000) * 1000),
    };
    for (const listener of this.eventListeners) listener(event);
  }

  private scheduleRefresh(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      const engine = this.feed.current.engine;
      if (!engine.reachable) return;
      this.refresh({ version: engine.version, apiVersion: engine.apiVersion }).catch((error: unknown) => {
        this.publishUnreachable(error);
        this.closeEvents();
      });
    }, this.debounceMs);
  }

  private async refresh(engine: { version: string; apiVersion: string }): Promise<void> {
    const infos = await this.docker.listContainers({
      all: true,
      filters: { label: [projectFilter(this.options.project)] },
    });
    this.publish({
      project: this.options.project,
      engine: { reachable: true, target: this.options.target.url, ...engine },
      containers: infos.map(toContainerView).sort(byServiceAndReplica),
      observedAt: new Date().toISOString(),
    });
  }

  private publishUnreachable(error: unknown): void {
    if (!this.running) return;
    const previous = this.feed.current;
    const reason = error instanceof Error ? error.message : String(error);
    if (!previous.engine.reachable && previous.engine.reason === reason) return this.markObserved();
    this.publish({
      project: this.options.project,
      engine: { reachable: false, target: this.options.target.url, reason },
      containers: [],
      observedAt: new Date().toISOString(),
    });
  }

  private publish(snapshot: StackSnapshot): void {
    this.feed.publish(snapshot);
    this.markObserved();
  }

  private closeEvents(): void {
    const stream = this.events as (NodeJS.ReadableStream & { destroy?: () => void }) | undefined;
    this.events = undefined;
    stream?.removeAllListeners('data');
    stream?.destroy?.();
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wakeRetry = resolve;
      this.retryTimer = setTimeout(resolve, ms);
    });
  }
}
