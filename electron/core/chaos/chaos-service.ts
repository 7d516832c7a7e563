import type Docker from 'dockerode';
import { type AutoscalerSettings, type ChaosState, type Fault, type FaultRequest, type ResetResult } from '../contract';
import type { Timeline } from '../dashboard/timeline';
import type { LoadTestControl } from '../dashboard/load-test-control';
import { ComposeLabel } from '../docker/compose-labels';
import type { ComposeProject } from '../stack/compose-cli';
import { LatestValueFeed } from '../stack/latest-value-feed';
import type { StackMonitor } from '../stack/stack-monitor';
import { ChaosJournal } from './chaos-journal';
import { FaultActions } from './fault-actions';
import { FaultRunner } from './fault-runner';
import { GrafanaAnnotations } from './grafana-annotations';
import { ProbeJourneys, type JourneyName } from './probe-journeys';
import { ProjectContainers } from './project-containers';
import { p95, type MeterSettings } from './recovery-meter';
import { ScalingLoop } from './scaling-loop';
import { ToxiproxyClient } from './toxiproxy-client';
import { Watchdog } from './watchdog';

export interface ChaosEndpoints {
  /** The load balancer on loopback: probe journeys go here and nowhere else. */
  lbUrl: string;
  toxiproxyUrl: string;
  haproxyStatsUrl: string;
  prometheusUrl: string;
  loadgenUrl: string;
  grafanaUrl: string;
}

export interface ChaosServiceOptions {
  docker: Docker;
  compose: ComposeProject;
  monitor: StackMonitor;
  timeline: Timeline;
  loadTest: LoadTestControl;
  endpoints: ChaosEndpoints;
  journalFile: string;
  grafanaCredentials?: { user: string; password: string };
  meter?: MeterSettings;
  probeRatePerSecond?: number;
  watchdog?: { unhealthyForMs?: number; unpauseGraceMs?: number; services?: readonly string[]; globalCooldownMs?: number };
}

const JOURNEYS: JourneyName[] = ['browse', 'account', 'checkout'];
const LIVE_WINDOW_MS = 5_000;

/** The chaos tab's backend: faults, reset, watchdog, autoscaler, Black Friday, and what was measured. */
export class ChaosService {
  readonly containers: ProjectContainers;
  readonly runner: FaultRunner;
  readonly watchdog: Watchdog;
  readonly scaling: ScalingLoop;
  readonly journal: ChaosJournal;
  private readonly probes: ProbeJourneys;
  private readonly actions: FaultActions;
  private readonly toxiproxy: ToxiproxyClient;
  private readonly grafana: GrafanaAnnotations;
  private readonly feed: LatestValueFeed<ChaosState>;
  private readonly watchdogRestarts: ChaosState['watchdog']['restarts'] = [];
  private blackFriday: { until: number; factor: number; baseRps: number; timer: NodeJS.Timeout; faultId: string } | undefined;
  private liveTimer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: ChaosServiceOptions) {
    const { docker, compose, monitor, endpoints } = options;
    this.containers = new ProjectContainers(docker, compose.project);
    this.toxiproxy = new ToxiproxyClient(endpoints.toxiproxyUrl);
    this.journal = new ChaosJournal(options.journalFile);
    this.grafana = new GrafanaAnnotations(endpoints.grafanaUrl, options.grafanaCredentials ?? { user: 'admin', password: 'admin' });
    this.probes = new ProbeJourneys({ baseUrl: endpoints.lbUrl, ratePerSecond: options.probeRatePerSecond });
    this.actions = new FaultActions({
      docker,
      containers: this.containers,
      toxiproxy: this.toxiproxy,
      setLoadRate: async (targetRps) => void (await options.loadTest.configure(targetRps)),
    });
    this.runner = new FaultRunner({
      actions: this.actions,
      journal: this.journal,
      probes: this.probes,
      snapshot: () => monitor.snapshot,
      readLoadgen: () => readLoadgenCounters(endpoints.loadgenUrl),
      events: { note: (text, tone) => this.note(text, tone), changed: () => this.publish() },
      meter: options.meter,
    });
    this.watchdog = new Watchdog({
      docker,
      snapshot: () => monitor.snapshot,
      deliberatelyPaused: () => this.runner.deliberatelyPaused(),
      onRestart: (container, reason) => {
        const at = new Date().toISOString();
        this.watchdogRestarts.unshift({ at, container: container.name, reason });
        this.watchdogRestarts.splice(20);
        void this.journal.append({ event: 'watchdog-restart', container: container.name, reason });
        this.note(`Watchdog: ${container.name} neu gestartet (${reason})`, 'warn');
        this.publish();
      },
      ...options.watchdog,
    });
    this.scaling = new ScalingLoop({
      compose,
      service: 'product-service',
      statsUrl: endpoints.haproxyStatsUrl,
      prometheusUrl: endpoints.prometheusUrl,
      snapshot: () => monitor.snapshot,
      underFault: () => this.runner.servicesUnderFault(),
      onDecision: (decision) => {
        void this.journal.append({ event: 'scaling', service: decision.service, from: decision.from, to: decision.to, reason: decision.reason, ok: decision.ok });
        this.options.timeline.add({
          kind: 'scaling',
          tone: decision.ok ? 'info' : 'bad',
          text: `Autoscaler: ${decision.service} ${decision.from} → ${decision.to} Replikate (${decision.reason})`,
        });
        void this.grafana.post(`Autoscaler: ${decision.service} ${decision.from} → ${decision.to}`, ['scaling']);
      },
      changed: () => this.publish(),
    });
    this.feed = new LatestValueFeed(this.compose());
  }

  get state(): ChaosState {
    return this.feed.current;
  }

  watch(signal?: AbortSignal) {
    return this.feed.watch(signal);
  }

  /** Undoes what a previous run left behind (it may have crashed mid-fault), then starts watching. */
  async start(): Promise<void> {
    this.unsubscribe = this.options.monitor.onEvent((event) => {
      this.runner.noteEngineEvent(event);
      this.watchdog.noteEvent(event.action, event.containerId);
    });
    this.probes.onSample(() => this.schedulePublish());
    await this.cleanupAfterCrash();
    this.watchdog.start();
    this.scaling.start();
  }

  stop(): void {
    this.unsubscribe?.();
    this.watchdog.stop();
    this.scaling.stop();
    this.runner.stop();
    clearTimeout(this.liveTimer);
    if (this.blackFriday) clearTimeout(this.blackFriday.timer);
  }

  inject(request: FaultRequest): Promise<Fault> {
    return this.runner.inject(request);
  }

  async revert(faultId: string): Promise<Fault | undefined> {
    if (this.blackFriday?.faultId === faultId) {
      await this.endBlackFriday('manual');
      return undefined;
    }
    return this.runner.revert(faultId, 'manual');
  }

  /**
   * "Alles zurücksetzen": every fault reverted, then the baseline enforced whatever its cause — containers
   * unpaused and started, Toxiproxy without toxics, networks reconnected with their aliases, the load rate back.
   */
  async resetAll(): Promise<ResetResult> {
    const steps: string[] = [];
    const failures: string[] = [];
    const attempt = async (what: string, work: () => Promise<string[] | string | undefined>) => {
      try {
        const done = await work();
        if (Array.isArray(done)) steps.push(...done);
        else if (done) steps.push(done);
      } catch (error) {
        failures.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    await attempt('Fehler zurücknehmen', () => this.runner.revertAll('reset'));
    await attempt('Black Friday beenden', async () => (this.blackFriday ? (await this.endBlackFriday('reset'), 'Black Friday beendet') : undefined));
    await attempt('Journal', async () => {
      const open = await this.journal.openFaults();
      const done: string[] = [];
      for (const entry of open) {
        const result = await this.runner.runSteps(entry.revert);
        await this.journal.append({ event: 'reverted', faultId: entry.faultId, by: 'reset', ...result });
        done.push(...result.steps);
      }
      return done;
    });
    await attempt('Toxiproxy', async () => (await this.toxiproxy.reset(), 'Toxiproxy: alle Routen verbunden, keine Störungen'));
    await attempt('Container', () => this.restoreContainers());
    const result: ResetResult = { ok: failures.length === 0, steps, failures };
    await this.journal.append({ event: 'reset', steps, failures });
    this.note(`Alles zurückgesetzt${failures.length ? ` — Fehler: ${failures.join('; ')}` : ''}`, failures.length ? 'bad' : 'ok');
    this.publish();
    return result;
  }

  /** "Black Friday": the load generator's rate × factor for a while, then back to where it was. */
  async startBlackFriday(factor: number, seconds: number): Promise<ChaosState> {
    if (this.blackFriday) return this.state;
    const status = await this.options.loadTest.status();
    const baseRps = status.targetRps;
    const faultId = `black-friday-${Date.now().toString(36)}`;
    const target = Math.round(baseRps * factor);
    await this.options.loadTest.configure(target);
    const until = Date.now() + seconds * 1000;
    this.blackFriday = { until, factor, baseRps, faultId, timer: setTimeout(() => void this.endBlackFriday('deadline'), seconds * 1000) };
    await this.journal.append({
      event: 'applied',
      faultId,
      kind: 'black-friday',
      label: `Black Friday ×${factor}`,
      targets: ['loadgen'],
      deadline: new Date(until).toISOString(),
      revert: [{ type: 'load-rate', targetRps: baseRps }],
    });
    this.note(`Black Friday: Last ×${factor} (${baseRps} → ${target} Anfragen/s) für ${seconds} s`, 'warn');
    this.publish();
    return this.state;
  }

  configureAutoscaler(settings: AutoscalerSettings): ChaosState {
    this.scaling.configure(settings);
    return this.state;
  }

  setWatchdog(enabled: boolean): ChaosState {
    this.watchdog.enabled = enabled;
    this.publish();
    return this.state;
  }

  private async endBlackFriday(by: 'deadline' | 'manual' | 'reset'): Promise<void> {
    const running = this.blackFriday;
    if (!running) return;
    this.blackFriday = undefined;
    clearTimeout(running.timer);
    const result = await this.runner.runSteps([{ type: 'load-rate', targetRps: running.baseRps }]);
    await this.journal.append({ event: 'reverted', faultId: running.faultId, by, ...result });
    this.note(`Black Friday vorbei: Last zurück auf ${running.baseRps} Anfragen/s`, 'info');
    this.publish();
  }

  private async cleanupAfterCrash(): Promise<void> {
    const open = await this.journal.openFaults();
    if (open.length === 0) return;
    for (const entry of open) {
      const result = await this.runner.runSteps(entry.revert);
      await this.journal.append({ event: 'reverted', faultId: entry.faultId, by: 'cleanup-on-start', ...result });
      this.note(`Aufgeräumt nach Neustart der App: ${entry.label}${result.steps.length ? ` — ${result.steps.join(', ')}` : ''}`, 'warn');
    }
  }

  private async restoreContainers(): Promise<string[]> {
    const done: string[] = [];
    const networks = await this.options.docker.listNetworks({ filters: { label: [`${ComposeLabel.project}=${this.options.compose.project}`] } });
    for (const container of await this.containers.list()) {
      const handle = this.options.docker.getContainer(container.id);
      const info = await handle.inspect();
      if (info.State.Paused) {
        await handle.unpause();
        done.push(`${container.name} fortgesetzt`);
      } else if (!info.State.Running && !info.State.Restarting) {
        await handle.start();
        done.push(`${container.name} gestartet`);
      }
      const attached = Object.keys(info.NetworkSettings.Networks ?? {});
      // Compose's DNS names are aliases on the network: a plain reconnect would lose them (compose#3498).
      if (networks.length > 0 && !networks.some((network) => attached.includes(network.Name))) {
        for (const network of networks) {
          await this.options.docker.getNetwork(network.Id).connect({
            Container: container.id,
            EndpointConfig: { Aliases: [container.service, info.Name.replace(/^\//, '')] },
          });
          done.push(`${container.name} wieder mit ${network.Name} verbunden`);
        }
      }
    }
    return done;
  }

  private note(text: string, tone: 'ok' | 'warn' | 'bad' | 'info'): void {
    this.options.timeline.add({ kind: 'operation', tone, text });
    void this.grafana.post(text, ['fault']);
  }

  /** Probe samples arrive several times a second: the UI gets at most one update per 500 ms from them. */
  private schedulePublish(): void {
    this.liveTimer ??= setTimeout(() => {
      this.liveTimer = undefined;
      this.publish();
    }, 500);
  }

  private publish(): void {
    this.feed.publish(this.compose());
  }

  private compose(): ChaosState {
    const recent = this.runner.recent;
    const samples = this.probes.since(Date.now() - LIVE_WINDOW_MS);
    return {
      active: recent.filter((fault) => fault.status === 'active'),
      recent: recent.map((fault) => ({ ...fault, recovery: { ...fault.recovery } })),
      probing: this.probes.running,
      journeys: JOURNEYS.map((journey) => {
        const mine = samples.filter((sample) => sample.journey === journey);
        return {
          journey,
          probes: mine.length,
          successRatio: mine.length ? mine.filter((sample) => sample.ok).length / mine.length : null,
          p95Ms: p95(mine.map((sample) => sample.latencyMs)),
        };
      }),
      watchdog: { enabled: this.watchdog.enabled, restarts: [...this.watchdogRestarts] },
      autoscaler: { settings: this.scaling.settings, replicas: this.scaling.replicas, signal: this.scaling.signal, decisions: [...this.scaling.decisions] },
      blackFriday: this.blackFriday
        ? { active: true, until: new Date(this.blackFriday.until).toISOString(), factor: this.blackFriday.factor, baseRps: this.blackFriday.baseRps }
        : { active: false, until: null, factor: 5, baseRps: null },
    };
  }
}

/** loadgen_requests_total from the load generator's own /metrics: all, and those that failed a user. */
export async function readLoadgenCounters(loadgenUrl: string): Promise<{ total: number; failed: number } | null> {
  try {
    const response = await fetch(`${loadgenUrl}/metrics`, { signal: AbortSignal.timeout(1_000) });
    if (!response.ok) return null;
    let total = 0;
    let failed = 0;
    for (const line of (await response.text()).split('\n')) {
      const match = /^loadgen_requests_total\{([^}]*)\}\s+(\S+)/.exec(line);
      if (!match) continue;
      const value = Number(match[2]);
      total += value;
      if (!/outcome="(success|rejected)"/.test(match[1] ?? '')) failed += value;
    }
    return { total, failed };
  } catch {
    return null;
  }
}
