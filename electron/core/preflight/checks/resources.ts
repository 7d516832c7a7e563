import { readFile } from 'node:fs/promises';
import { freemem, loadavg } from 'node:os';
import type Docker from 'dockerode';
import { ComposeLabel } from '../../docker/compose-labels';
import { describeFetchError } from '../../dashboard/http-json';
import { fail, pass, unchecked, type CheckDefinition } from '../check';
import type { ComposeConfig } from '../compose-config';
import { withTimeout } from '../timeout';

const MIB = 1024 * 1024;
/** The app, Chromium/Electron and the presenter's slides need room besides the stack. */
const HEADROOM_BYTES = 1024 * MIB;
const MIN_CPUS = 2;

export const resourcesCheck: CheckDefinition = {
  id: 'resources',
  group: 'readiness',
  title: 'Genug Speicher und CPU für den Stack',
  async run({ docker, composeConfig, compose }) {
    let needed: number;
    let config: ComposeConfig;
    let info: { NCPU: number; MemTotal: number };
    try {
      config = await composeConfig();
      needed = config.services.reduce((sum, service) => sum + service.memLimit * service.replicas, 0);
      // The engine's figures, not the host's: on Docker Desktop the stack lives in a VM of its own size.
      info = await withTimeout(docker.info() as Promise<{ NCPU: number; MemTotal: number }>, 5_000, 'Docker Engine antwortet nicht');
    } catch (error) {
      return unchecked('nicht gemessen', `Speicherbedarf und Engine-Größe sind ohne Compose und Docker Engine nicht messbar (${describeFetchError(error)}).`);
    }
    const available = await availableMemory();
    const running = await runningStackMemory(docker, compose.project, config);
    const stillNeeded = Math.max(0, needed - running);
    const figures = {
      stackLimitMiB: Math.round(needed / MIB),
      engineMemoryMiB: Math.round(info.MemTotal / MIB),
      hostAvailableMiB: Math.round(available / MIB),
      cpus: info.NCPU,
      load1m: Number(loadavg()[0]?.toFixed(2) ?? 0),
    };
    const measured = `Stack bis ${gib(needed)}, Engine ${gib(info.MemTotal)} / ${info.NCPU} CPUs, frei ${gib(available)}`;
    if (info.NCPU < MIN_CPUS) {
      return fail(measured, `Die Docker Engine hat nur ${info.NCPU} CPU; der Stack braucht mindestens ${MIN_CPUS} (Docker Desktop: Einstellungen → Resources).`, undefined, figures);
    }
    if (info.MemTotal < needed + HEADROOM_BYTES) {
      return fail(measured, `Die Docker Engine hat ${gib(info.MemTotal)} Speicher, der Stack darf bis ${gib(needed)} belegen (plus 1 GiB Reserve): Speicher der Engine erhöhen.`, undefined, figures);
    }
    if (available < stillNeeded) {
      return fail(measured, `Frei sind nur ${gib(available)}, der Stack braucht noch bis ${gib(stillNeeded)}: andere Programme schließen.`, undefined, figures);
    }
    return pass(measured, figures);
  },
};

function gib(bytes: number): string {
  return `${(bytes / 1024 / MIB).toFixed(1).replace('.', ',')} GiB`;
}

/** MemAvailable on Linux (what can be had without swapping), elsewhere the OS's free memory. */
async function availableMemory(): Promise<number> {
  const meminfo = await readFile('/proc/meminfo', 'utf8').catch(() => '');
  const kib = /^MemAvailable:\s+(\d+)\s+kB/m.exec(meminfo)?.[1];
  return kib ? Number(kib) * 1024 : freemem();
}

/** Limits of the stack's containers that already run: that memory is taken already, not still needed. */
async function runningStackMemory(docker: Docker, project: string, config: ComposeConfig): Promise<number> {
  const limits = new Map(config.services.map((service) => [service.name, service.memLimit]));
  const containers = await docker.listContainers({ filters: { label: [`${ComposeLabel.project}=${project}`] } }).catch(() => []);
  return containers.reduce((sum, container) => sum + (limits.get(container.Labels?.[ComposeLabel.service] ?? '') ?? 0), 0);
}
