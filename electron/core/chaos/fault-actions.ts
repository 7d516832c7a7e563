import type Docker from 'dockerode';
import { KIND_LABELS, type FaultRequestParsed } from '../contract';
import { ForeignContainerError, UnknownTargetError, type ProjectContainer, type ProjectContainers } from './project-containers';
import type { ToxiproxyClient, ToxiproxyProxy } from './toxiproxy-client';

/**
 * How to undo one thing a fault did, as plain data: it goes into the journal, so the next start of the app can
 * undo it even when the app crashed in between.
 */
export type RevertStep =
  | { type: 'start'; containerId: string; name: string }
  | { type: 'unpause'; containerId: string; name: string }
  /** After a crash the restart policy should have healed it; at the deadline make sure it did. */
  | { type: 'ensure-running'; containerId: string; name: string }
  | { type: 'stop-cpu'; containerId: string; name: string; pidFile: string }
  | { type: 'remove-toxic'; proxy: string; toxic: string }
  | { type: 'enable-proxy'; proxy: string }
  | { type: 'load-rate'; targetRps: number };

export interface AppliedFault {
  label: string;
  /** Display names of what was hit: `product-service-1`, or a Toxiproxy route. */
  targets: string[];
  /** Container ids hit, for recovery measurement. */
  containerIds: string[];
  revert: RevertStep[];
}


/** Published ports of HAProxy's per-service entries (stack/haproxy/haproxy.cfg): Toxiproxy routes point at them. */
const LB_PORTS: Record<string, string> = { '8081': 'product-service', '8082': 'user-service', '8083': 'analytics-service', '8084': 'checkout-service' };

/** Routes into a dependency: proxies whose upstream is the service itself or HAProxy's entry for it. */
export function routesInto(service: string, proxies: ToxiproxyProxy[]): ToxiproxyProxy[] {
  return proxies.filter((proxy) => {
    const [host = '', port = ''] = proxy.upstream.split(':');
    return host === service || (host === 'loadbalancer' && LB_PORTS[port] === service);
  });
}

export interface FaultActionsDeps {
  docker: Docker;
  containers: ProjectContainers;
  toxiproxy: ToxiproxyClient;
  setLoadRate: (targetRps: number) => Promise<void>;
}

/** The Docker and Toxiproxy calls behind each fault kind, and their exact inverse. */
export class FaultActions {
  constructor(private readonly deps: FaultActionsDeps) {}

  async apply(faultId: string, request: FaultRequestParsed): Promise<AppliedFault> {
    if (request.kind === 'latency' || request.kind === 'cut') return this.applyToRoutes(faultId, request);
    if ('route' in request.target) throw new UnknownTargetError(`${KIND_LABELS[request.kind]} wirkt auf Container, nicht auf eine Route.`);
    const targets = await this.deps.containers.resolve(request.target);
    const running = targets.filter((container) => container.state === 'running');
    if (running.length === 0) throw new UnknownTargetError(`${targets.map((c) => c.name).join(', ')} läuft nicht.`);
    const revert = (await Promise.all(running.map((container) => this.applyToContainer(faultId, request, container)))).flat();
    return {
      label: `${KIND_LABELS[request.kind]} ${describeTargets(running)}`,
      targets: running.map((container) => container.name),
      containerIds: running.map((container) => container.id),
      revert,
    };
  }

  private async applyToContainer(faultId: string, request: FaultRequestParsed, target: ProjectContainer): Promise<RevertStep[]> {
    const container = this.deps.docker.getContainer(target.id);
    switch (request.kind) {
      case 'crash': {
        const info = await container.inspect();
        // Without an init process the main process is PID 1, which ignores signals sent from inside.
        if (!info.HostConfig.Init) throw new Error(`${target.name} läuft ohne init: true; ein Absturz von innen ist nicht möglich.`);
        // Kill every process except init from inside: the container exits like a real crash, so its restart
        // policy fires. A kill through the API would count as a manual stop (moby#33306).
        await this.exec(target.id, ['sh', '-c', 'kill -KILL -1']);
        return [{ type: 'ensure-running', containerId: target.id, name: target.name }];
      }
      case 'stop':
        await container.stop({ t: 10 }).catch(ignoreNotModified);
        return [{ type: 'start', containerId: target.id, name: target.name }];
      case 'pause':
        await container.pause();
        return [{ type: 'unpause', containerId: target.id, name: target.name }];
      case 'cpu': {
        const pidFile = `/tmp/ha-demo-chaos-${faultId}.pid`;
        // `timeout` bounds the busy loop by itself, even if the app never comes back to revert it.
        await this.exec(target.id, ['sh', '-c', `echo $$ > ${pidFile}; exec timeout ${request.durationSeconds} sh -c 'while :; do :; done'`]);
        return [{ type: 'stop-cpu', containerId: target.id, name: target.name, pidFile }];
      }
      default:
        throw new Error(`${request.kind} is not a container fault`);
    }
  }

  private async applyToRoutes(faultId: string, request: FaultRequestParsed): Promise<AppliedFault> {
    const proxies = await this.deps.toxiproxy.proxies();
    let routes: ToxiproxyProxy[];
    if ('route' in request.target) {
      const route = request.target.route;
      routes = proxies.filter((proxy) => proxy.name === route);
    } else if ('service' in request.target) {
      routes = routesInto(request.target.service, proxies);
    } else {
      throw new UnknownTargetError('Latenz und Unterbrechung wirken auf eine Route oder einen Dienst, nicht auf einen Container.');
    }
    if (routes.length === 0) throw new UnknownTargetError('Keine Toxiproxy-Route passt zu diesem Ziel.');
    const revert: RevertStep[] = [];
    for (const route of routes) {
      if (request.kind === 'latency') {
        const toxic = `ha-demo-chaos-${faultId}`;
        await this.deps.toxiproxy.addLatency(route.name, toxic, request.latencyMs, request.jitterMs);
        revert.push({ type: 'remove-toxic', proxy: route.name, toxic });
      } else {
        await this.deps.toxiproxy.setEnabled(route.name, false);
        revert.push({ type: 'enable-proxy', proxy: route.name });
      }
    }
    const names = routes.map((route) => route.name);
    const what = request.kind === 'latency' ? `Latenz ${request.latencyMs} ms ± ${request.jitterMs} ms` : 'Unterbrechung';
    return { label: `${what} auf ${names.join(', ')}`, targets: names, containerIds: [], revert };
  }

  /** Undoes one step; a step whose object is gone (container removed by a scale-in) is done, not an error. */
  async revert(step: RevertStep): Promise<string | undefined> {
    switch (step.type) {
      case 'remove-toxic':
        await this.deps.toxiproxy.removeToxic(step.proxy, step.toxic);
        return `Latenz auf ${step.proxy} entfernt`;
      case 'enable-proxy':
        await this.deps.toxiproxy.setEnabled(step.proxy, true);
        return `Route ${step.proxy} wieder verbunden`;
      case 'load-rate':
        await this.deps.setLoadRate(step.targetRps);
        return `Lastrate zurück auf ${step.targetRps}/s`;
      default:
        return this.revertContainerStep(step);
    }
  }

  private async revertContainerStep(step: Extract<RevertStep, { containerId: string }>): Promise<string | undefined> {
    const current = await this.deps.containers.stillInProject(step.containerId).catch((error: unknown) => {
      // A recorded id that now belongs elsewhere is never touched.
      if (error instanceof ForeignContainerError) return undefined;
      throw error;
    });
    if (!current) return undefined;
    const container = this.deps.docker.getContainer(step.containerId);
    const state = (await container.inspect()).State;
    switch (step.type) {
      case 'start':
      case 'ensure-running':
        if (state.Running || state.Restarting) return undefined;
        await container.start().catch(ignoreNotModified);
        return `${step.name} gestartet`;
      case 'unpause':
        if (!state.Paused) return undefined;
        await container.unpause();
        return `${step.name} fortgesetzt`;
      case 'stop-cpu':
        if (!state.Running || state.Paused) return undefined;
        await this.exec(step.containerId, ['sh', '-c', `kill $(cat ${step.pidFile}) 2>/dev/null; rm -f ${step.pidFile}; true`], true);
        return `CPU-Last in ${step.name} beendet`;
    }
  }

  /** Runs a command inside a container as root; waits for it only when asked (a crash never returns). */
  private async exec(containerId: string, cmd: string[], wait = false): Promise<void> {
    const exec = await this.deps.docker.getContainer(containerId).exec({ Cmd: cmd, User: '0', AttachStdout: wait, AttachStderr: wait });
    const stream = await exec.start({ Detach: !wait });
    if (wait && stream) {
      await new Promise<void>((resolve) => {
        stream.on('end', resolve);
        stream.on('close', resolve);
        stream.on('error', () => resolve());
        stream.resume();
      });
    }
  }
}

function describeTargets(containers: ProjectContainer[]): string {
  const services = new Set(containers.map((container) => container.service));
  if (containers.length > 1 && services.size === 1) return `${[...services][0]} (alle ${containers.length} Replikate)`;
  return containers.map((container) => container.name).join(', ');
}

/** 304 from the engine: already in the wanted state. */
function ignoreNotModified(error: { statusCode?: number }): void {
  if (error.statusCode !== 304) throw error;
}
