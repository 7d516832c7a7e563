import type Docker from 'dockerode';
import type { Container, StackSnapshot } from '../contract';

export interface WatchdogOptions {
  docker: Docker;
  snapshot: () => StackSnapshot;
  /** Containers paused on purpose right now (a chaos fault): never "healed". */
  deliberatelyPaused: () => Set<string>;
  onRestart: (container: Container, reason: string) => void;
  /** How long a container must stay unhealthy before it is restarted. */
  unhealthyForMs?: number;
  /** After an unpause the last health result may still be a stale "unhealthy": wait this long. */
  unpauseGraceMs?: number;
  /** Services the watchdog may restart. Data stores are not among them: moto and Redis keep data in memory only. */
  services?: readonly string[];
  /** At most one restart of any container within this time: restarts add load to a struggling machine. */
  globalCooldownMs?: number;
  /** At most this many restarts of one container within `budgetWindowMs`; then it is left alone. */
  maxRestarts?: number;
  budgetWindowMs?: number;
  checkEveryMs?: number;
}

/**
 * Docker restarts exited containers (restart policy) but never unhealthy ones (moby#28400). The watchdog does:
 * a running, unpaused service container of the project that stays unhealthy — alone — is restarted through the
 * API, within a budget, so a container that cannot get well is not restarted forever.
 */
export const HEALABLE_SERVICES = ['product-service', 'user-service', 'checkout-service', 'analytics-service', 'loadbalancer'] as const;

export class Watchdog {
  enabled = true;
  private timer: NodeJS.Timeout | undefined;
  private readonly unhealthySince = new Map<string, number>();
  private readonly unpausedAt = new Map<string, number>();
  private readonly restarts = new Map<string, number[]>();
  private readonly inFlight = new Set<string>();
  private lastRestartAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: WatchdogOptions) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.check(), this.options.checkEveryMs ?? 1_000);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The stack monitor's events: an unpause starts the grace period. */
  noteEvent(action: string, containerId: string): void {
    if (action === 'unpause') this.unpausedAt.set(containerId, Date.now());
  }

  check(now = Date.now()): void {
    const snapshot = this.options.snapshot();
    if (!this.enabled || !snapshot.engine.reachable) return;
    const paused = this.options.deliberatelyPaused();
    const healable = new Set<string>(this.options.services ?? HEALABLE_SERVICES);
    const watched = snapshot.containers.filter((container) => healable.has(container.service));
    // Several unhealthy at once usually share a cause (a data store, an overloaded host) that restarts cannot
    // fix; restarting them all would only add load. Then the watchdog waits.
    const sharedCause = watched.filter((container) => container.health === 'unhealthy' && container.state === 'running').length > 1;
    const seen = new Set<string>();
    for (const container of watched) {
      seen.add(container.id);
      if (container.health !== 'unhealthy' || container.state !== 'running' || paused.has(container.id) || sharedCause) {
        this.unhealthySince.delete(container.id);
        continue;
      }
      const unpausedAt = this.unpausedAt.get(container.id);
      if (unpausedAt !== undefined && now - unpausedAt < (this.options.unpauseGraceMs ?? 15_000)) continue;
      const since = this.unhealthySince.get(container.id) ?? now;
      this.unhealthySince.set(container.id, since);
      if (now - since < (this.options.unhealthyForMs ?? 3_000) || this.inFlight.has(container.id)) continue;
      if (now - this.lastRestartAt < (this.options.globalCooldownMs ?? 30_000)) continue;
      const window = this.options.budgetWindowMs ?? 10 * 60_000;
      const recent = (this.restarts.get(container.id) ?? []).filter((at) => now - at < window);
      if (recent.length >= (this.options.maxRestarts ?? 3)) continue;
      this.restarts.set(container.id, [...recent, now]);
      this.lastRestartAt = now;
      void this.restart(container, `seit ${Math.round((now - since) / 1000) + 1} s ungesund`);
    }
    for (const id of this.unhealthySince.keys()) if (!seen.has(id)) this.unhealthySince.delete(id);
  }

  private async restart(container: Container, reason: string): Promise<void> {
    this.inFlight.add(container.id);
    try {
      await this.options.docker.getContainer(container.id).restart({ t: 10 });
      this.unhealthySince.delete(container.id);
      this.options.onRestart(container, reason);
    } catch (error) {
      this.options.onRestart(container, `Neustart fehlgeschlagen: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.inFlight.delete(container.id);
    }
  }
}
