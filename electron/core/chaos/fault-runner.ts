import { randomBytes } from 'node:crypto';
import { FaultRequestSchema, type Fault, type FaultRequest, type StackSnapshot } from '../contract';
import type { EngineEvent } from '../stack/stack-monitor';
import type { ChaosJournal } from './chaos-journal';
import type { AppliedFault, FaultActions, RevertStep } from './fault-actions';
import type { ProbeJourneys } from './probe-journeys';
import { DEFAULT_METER, measureRecovery, type MeterSettings, type RequestCounter } from './recovery-meter';

export interface FaultRunnerEvents {
  /** A German line for the timeline (and a Grafana annotation). */
  note: (text: string, tone: 'ok' | 'warn' | 'bad' | 'info') => void;
  changed: () => void;
}

export interface FaultRunnerOptions {
  actions: FaultActions;
  journal: ChaosJournal;
  probes: ProbeJourneys;
  snapshot: () => StackSnapshot;
  /** Cumulative requests of the load generator (null when unreachable). */
  readLoadgen: () => Promise<Omit<RequestCounter, 'at'> | null>;
  events: FaultRunnerEvents;
  meter?: MeterSettings;
}

interface Tracked {
  id: string;
  states: Map<string, { down: boolean; needsHealthy: boolean; hasHealthcheck: boolean }>;
  downAt: number | null;
  upAt: number | null;
}

interface RunningFault {
  fault: Fault;
  faultAt: number;
  revertedAt: number | null;
  revertActed: boolean;
  applied: AppliedFault;
  timer: NodeJS.Timeout | undefined;
  tracked: Tracked;
  measured: boolean;
}

const RECENT_LIMIT = 30;

const seconds = (ms: number) => `${(ms / 1000).toLocaleString('de-DE', { maximumFractionDigits: 1 })} s`;

/**
 * Applies faults, reverts each at its deadline (or on request), and measures each one's effect from probe
 * journeys and engine events until recovery is confirmed. Everything it does goes to the journal.
 */
export class FaultRunner {
  private readonly faults = new Map<string, RunningFault>();
  private readonly order: string[] = [];
  private readonly loadgen: RequestCounter[] = [];
  /** Engine events arrive while a fault is still being applied (a crash dies at once): replayed afterwards. */
  private readonly recentEvents: EngineEvent[] = [];
  private meterTimer: NodeJS.Timeout | undefined;
  /** Faults being applied right now: not yet in `faults`, but the meter must keep running for them. */
  private applying = 0;
  private readonly meter: MeterSettings;

  constructor(private readonly options: FaultRunnerOptions) {
    this.meter = options.meter ?? DEFAULT_METER;
  }

  get active(): Fault[] {
    return this.recent.filter((fault) => fault.status === 'active');
  }

  get recent(): Fault[] {
    return this.order.map((id) => this.faults.get(id)!.fault);
  }

  /** Containers paused by an active fault: the watchdog leaves those alone. */
  deliberatelyPaused(): Set<string> {
    const ids = new Set<string>();
    for (const running of this.faults.values()) {
      if (running.fault.status === 'active' && running.fault.kind === 'pause') for (const id of running.applied.containerIds) ids.add(id);
    }
    return ids;
  }

  /** Services with an active fault: the autoscaler does not scale what is being broken on purpose. */
  servicesUnderFault(): Set<string> {
    const names = new Set<string>();
    for (const fault of this.active) for (const target of fault.targets) names.add(target.replace(/-\d+$/, ''));
    return names;
  }

  async inject(input: FaultRequest): Promise<Fault> {
    const request = FaultRequestSchema.parse(input);
    const id = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
    // The load generator's counters right before the fault: the blast radius is counted from here.
    const baseline = await this.options.readLoadgen().catch(() => null);
    const faultAt = Date.now();
    if (baseline) this.loadgen.push({ at: faultAt, ...baseline });
    const before = this.options.snapshot();
    this.applying += 1;
    this.startMeasuring();
    let applied: AppliedFault;
    try {
      applied = await this.options.actions.apply(id, request);
    } catch (error) {
      this.applying -= 1;
      const message = error instanceof Error ? error.message : String(error);
      await this.options.journal.append({ event: 'failed', faultId: id, label: request.kind, error: message });
      throw error;
    }
    const deadline = faultAt + request.durationSeconds * 1000;
    const fault: Fault = {
      id,
      kind: request.kind,
      label: applied.label,
      targets: applied.targets,
      startedAt: new Date(faultAt).toISOString(),
      deadline: new Date(deadline).toISOString(),
      revertedAt: null,
      status: 'active',
      recovery: { detectedAfterMs: null, detectedBy: null, mttrMs: null, recoveredBy: 'pending', probes: { total: 0, failed: 0, p95Ms: null }, loadgen: null },
    };
    const running: RunningFault = {
      fault,
      faultAt,
      revertedAt: null,
      revertActed: false,
      applied,
      timer: setTimeout(() => void this.revert(id, 'deadline'), deadline - Date.now()),
      tracked: this.track(id, applied.containerIds, before),
      measured: false,
    };
    this.faults.set(id, running);
    this.applying -= 1;
    for (const event of this.recentEvents) if (event.time.getTime() >= faultAt) this.noteEngineEvent(event, false);
    this.order.unshift(id);
    this.trimRecent();
    await this.options.journal.append({ event: 'applied', faultId: id, kind: request.kind, label: applied.label, targets: applied.targets, deadline: fault.deadline, revert: applied.revert }, new Date(faultAt));
    this.options.events.note(`Chaos: ${applied.label} für ${request.durationSeconds} s`, 'bad');
    this.options.events.changed();
    return fault;
  }

  /** Undoes a fault now; harmless for one already reverted. */
  async revert(id: string, by: 'deadline' | 'manual' | 'reset'): Promise<Fault | undefined> {
    return (await this.revertWithSteps(id, by))?.fault;
  }

  /** Reverts every active fault; returns what each revert did, in German. */
  async revertAll(by: 'manual' | 'reset'): Promise<string[]> {
    const results = await Promise.all(this.active.map((fault) => this.revertWithSteps(fault.id, by)));
    return results.flatMap((result) => result?.steps ?? []);
  }

  private async revertWithSteps(id: string, by: 'deadline' | 'manual' | 'reset'): Promise<{ fault: Fault; steps: string[] } | undefined> {
    const running = this.faults.get(id);
    if (!running) return undefined;
    if (running.fault.status !== 'active') return { fault: running.fault, steps: [] };
    clearTimeout(running.timer);
    running.fault.status = 'reverted';
    const { steps, failures } = await this.runSteps(running.applied.revert);
    running.revertedAt = Date.now();
    running.revertActed = steps.length > 0;
    running.fault.revertedAt = new Date(running.revertedAt).toISOString();
    if (failures.length > 0) {
      running.fault.status = 'failed';
      running.fault.detail = failures.join('; ');
    }
    await this.options.journal.append({ event: 'reverted', faultId: id, by, steps, failures });
    const how = by === 'deadline' ? 'Frist abgelaufen' : by === 'reset' ? 'Alles zurücksetzen' : 'von Hand';
    this.options.events.note(
      `Chaos beendet (${how}): ${running.fault.label}${steps.length ? ` — ${steps.join(', ')}` : ''}${failures.length ? ` — Fehler: ${failures.join('; ')}` : ''}`,
      failures.length ? 'bad' : 'info',
    );
    this.options.events.changed();
    return { fault: running.fault, steps };
  }

  /** Reverts steps recorded by another run of the app (from the journal). */
  async runSteps(steps: RevertStep[]): Promise<{ steps: string[]; failures: string[] }> {
    const done: string[] = [];
    const failures: string[] = [];
    for (const step of steps) {
      try {
        const text = await this.options.actions.revert(step);
        if (text) done.push(text);
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
    }
    return { steps: done, failures };
  }

  /** Engine events of containers under a fault: when they went down and came back. */
  noteEngineEvent(event: EngineEvent, remember = true): void {
    if (remember) {
      this.recentEvents.push(event);
      while (this.recentEvents.length > 0 && Date.now() - this.recentEvents[0]!.time.getTime() > 60_000) this.recentEvents.shift();
    }
    for (const running of this.faults.values()) {
      if (running.measured) continue;
      const state = running.tracked.states.get(event.containerId);
      if (!state) continue;
      const at = event.time.getTime();
      if (at < running.faultAt) continue;
      switch (event.action) {
        case 'die':
          Object.assign(state, { down: true, needsHealthy: state.hasHealthcheck });
          break;
        case 'pause':
          Object.assign(state, { down: true, needsHealthy: false });
          break;
        case 'health_status: unhealthy':
          Object.assign(state, { down: true, needsHealthy: true });
          break;
        case 'start':
        case 'unpause':
          if (state.down && !state.needsHealthy) this.markUp(running.tracked, event.containerId, at);
          continue;
        case 'health_status: healthy':
          if (state.down) this.markUp(running.tracked, event.containerId, at);
          continue;
        default:
          continue;
      }
      running.tracked.downAt ??= at;
      running.tracked.upAt = null;
    }
  }

  stop(): void {
    clearInterval(this.meterTimer);
    this.meterTimer = undefined;
    for (const running of this.faults.values()) clearTimeout(running.timer);
    this.options.probes.stop();
  }

  private track(id: string, containerIds: string[], snapshot: StackSnapshot): Tracked {
    const states = new Map<string, { down: boolean; needsHealthy: boolean; hasHealthcheck: boolean }>();
    for (const containerId of containerIds) {
      const known = snapshot.containers.find((container) => container.id === containerId);
      states.set(containerId, { down: false, needsHealthy: false, hasHealthcheck: known ? known.health !== 'none' : true });
    }
    return { id, states, downAt: null, upAt: null };
  }

  private markUp(tracked: Tracked, containerId: string, at: number): void {
    const state = tracked.states.get(containerId)!;
    state.down = false;
    if ([...tracked.states.values()].every((each) => !each.down)) tracked.upAt = at;
  }

  private startMeasuring(): void {
    this.options.probes.runUntil(Date.now() + 20_000);
    if (this.meterTimer) return;
    this.meterTimer = setInterval(() => void this.measureTick(), 1_000);
    void this.measureTick();
  }

  private async measureTick(): Promise<void> {
    const counter = await this.options.readLoadgen().catch(() => null);
    const now = Date.now();
    if (counter) {
      this.loadgen.push({ at: now, ...counter });
      while (this.loadgen.length > 900) this.loadgen.shift();
    }
    const open = [...this.faults.values()].filter((running) => !running.measured);
    if (open.length === 0 && this.applying === 0) {
      clearInterval(this.meterTimer);
      this.meterTimer = undefined;
      return;
    }
    // Probes keep running while any measurement is open; they stop by themselves 20 s after the last one.
    this.options.probes.runUntil(now + 20_000);
    for (const running of open) {
      const { recovery, done } = measureRecovery(
        {
          faultAt: running.faultAt,
          now,
          revertedAt: running.revertedAt,
          revertActed: running.revertActed,
          samples: this.options.probes.since(running.faultAt),
          target: { expectsDown: running.applied.containerIds.length > 0 && running.fault.kind !== 'cpu', downAt: running.tracked.downAt, upAt: running.tracked.upAt },
          loadgen: this.loadgen,
        },
        this.meter,
      );
      running.fault.recovery = recovery;
      if (done) {
        running.measured = true;
        await this.options.journal.append({ event: 'measured', faultId: running.fault.id, recovery });
        this.options.events.note(describeRecovery(running.fault), recovery.recoveredBy === 'not-recovered' ? 'bad' : 'ok');
      }
    }
    this.options.events.changed();
  }

  private trimRecent(): void {
    while (this.order.length > RECENT_LIMIT) {
      const id = this.order.pop()!;
      const running = this.faults.get(id);
      if (running && running.fault.status === 'active') {
        this.order.push(id);
        break;
      }
      this.faults.delete(id);
    }
  }
}

export function describeRecovery(fault: Fault): string {
  const r = fault.recovery;
  if (r.recoveredBy === 'not-recovered') return `Nicht erholt: ${fault.label}`;
  const how = r.recoveredBy === 'rollback' ? 'durch Zurücknehmen des Fehlers' : 'durch Selbstheilung';
  const lost = r.loadgen ? `, ${r.loadgen.failed} von ${r.loadgen.total} Lastanfragen fehlgeschlagen` : '';
  return `Erholt ${how}: ${fault.label} — MTTR ${seconds(r.mttrMs ?? 0)}, ${r.probes.failed} von ${r.probes.total} Probe-Journeys fehlgeschlagen${lost}`;
}
