import type { TimelineEntry } from '../contract';
import type { EngineEvent } from '../stack/stack-monitor';
import { LatestValueFeed } from '../stack/latest-value-feed';

const LIMIT = 200;

/** What happened to the stack, newest first: container lifecycle, breaker changes, scaling, operations. */
export class Timeline {
  private readonly feed = new LatestValueFeed<TimelineEntry[]>([]);
  private sequence = 0;

  get entries(): TimelineEntry[] {
    return this.feed.current;
  }

  watch(signal?: AbortSignal) {
    return this.feed.watch(signal);
  }

  add(entry: Omit<TimelineEntry, 'id' | 'at'> & { at?: Date }): void {
    const { at = new Date(), ...rest } = entry;
    const full: TimelineEntry = { ...rest, id: `${at.getTime()}-${++this.sequence}`, at: at.toISOString() };
    this.feed.publish([full, ...this.feed.current].slice(0, LIMIT));
  }

  /** Translates the engine's container events; the noisy ones (exec, attach …) are left out. */
  recordEngineEvent(event: EngineEvent): void {
    const entry = describeEngineEvent(event);
    if (entry) this.add({ ...entry, at: event.time });
  }
}

export function describeEngineEvent(event: EngineEvent): Pick<TimelineEntry, 'kind' | 'tone' | 'text'> | undefined {
  const name = event.name;
  switch (event.action) {
    case 'die':
      return { kind: 'died', tone: 'bad', text: `${name} ausgefallen${event.exitCode ? ` (Exit-Code ${event.exitCode})` : ''}` };
    case 'start':
      return { kind: 'started', tone: 'info', text: `${name} gestartet` };
    case 'health_status: healthy':
      return { kind: 'healthy', tone: 'ok', text: `${name} gesund` };
    case 'health_status: unhealthy':
      return { kind: 'unhealthy', tone: 'bad', text: `${name} ungesund` };
    case 'pause':
      return { kind: 'paused', tone: 'warn', text: `${name} pausiert` };
    case 'unpause':
      return { kind: 'unpaused', tone: 'info', text: `${name} fortgesetzt` };
    case 'create':
      return { kind: 'created', tone: 'info', text: `${name} erstellt` };
    case 'destroy':
      return { kind: 'removed', tone: 'info', text: `${name} entfernt` };
    default:
      return undefined;
  }
}
