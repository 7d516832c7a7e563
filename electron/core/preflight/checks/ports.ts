import type Docker from 'dockerode';
import { ComposeLabel } from '../../docker/compose-labels';
import { fail, pass, unchecked, type CheckDefinition } from '../check';
import type { PublishedPort } from '../compose-config';
import { canBind, listeningProcesses } from '../port-holders';

/** Who holds a published port: nobody, the stack itself, an old copy of our stack, or something foreign. */
type Holder =
  | { kind: 'free' }
  | { kind: 'own'; service: string }
  | { kind: 'old-stack'; project: string; container: string }
  | { kind: 'foreign'; description: string };

interface PublishingContainer {
  name: string;
  project?: string;
  service?: string;
  workingDir?: string;
}

export const portsCheck: CheckDefinition = {
  id: 'ports',
  group: 'readiness',
  title: 'Ports frei oder vom eigenen Stack belegt',
  async run({ composeConfig, docker, compose }) {
    let ports: PublishedPort[];
    try {
      ports = (await composeConfig()).ports;
    } catch (error) {
      return unchecked('Ports unbekannt', `Ohne lesbare Compose-Konfiguration sind die benötigten Ports unbekannt (${(error as Error).message.split('\n')[0]}).`);
    }
    const publishers = await publishingContainers(docker);
    const holders = await Promise.all(ports.map(async (port) => ({ port, holder: await holderOf(port, publishers, compose) })));

    const own = holders.filter(({ holder }) => holder.kind === 'own').length;
    const free = holders.filter(({ holder }) => holder.kind === 'free').length;
    const figures: Record<string, string | number> = { ports: ports.map((p) => p.published).join(', '), free, ownStack: own };
    // One line per holder: an old stack holds ten ports, a stray dev server one.
    const byHolder = new Map<string, PublishedPort[]>();
    for (const { port, holder } of holders) {
      if (holder.kind !== 'foreign' && holder.kind !== 'old-stack') continue;
      const who = holder.kind === 'old-stack' ? `einem alten Stack „${holder.project}“` : holder.description;
      byHolder.set(who, [...(byHolder.get(who) ?? []), port]);
      figures[`port ${port.published}`] = who;
    }
    if (byHolder.size === 0) return pass(`${ports.length} Ports: ${free} frei, ${own} vom eigenen Stack`, figures);

    const described = [...byHolder].map(([who, held]) => `${held.map((port) => `${port.published} (${port.service})`).join(', ')} von ${who}`).join('; ');
    const blocked = [...byHolder.values()].flat().length;
    const oldStack = holders.find(({ holder }) => holder.kind === 'old-stack')?.holder;
    if (oldStack?.kind === 'old-stack') figures.oldProject = oldStack.project;
    return fail(
      `belegt: ${described}`,
      `${blocked === 1 ? 'Ein Port des Stacks ist' : `${blocked} Ports des Stacks sind`} schon belegt, so startet der Stack nicht${oldStack ? ': den alten Stack beenden' : ': das andere Programm beenden oder den Port in stack/.env verlegen'}.`,
      oldStack ? 'stop-old-stack' : undefined,
      figures,
    );
  },
};

async function holderOf(port: PublishedPort, publishers: Map<number, PublishingContainer>, compose: { project: string; stackDir: string }): Promise<Holder> {
  const container = publishers.get(port.published);
  if (container) {
    if (container.project === compose.project) return { kind: 'own', service: container.service ?? container.name };
    // A stack started from this same folder under another project name (e.g. an older checkout's default).
    if (container.project && container.workingDir === compose.stackDir) return { kind: 'old-stack', project: container.project, container: container.name };
    return { kind: 'foreign', description: `Container „${container.name}“${container.project ? ` (Compose-Projekt ${container.project})` : ''}` };
  }
  if (await canBind(port.published, port.hostIp)) return { kind: 'free' };
  const processes = await listeningProcesses(port.published);
  if (processes.length === 0) return { kind: 'foreign', description: 'einem Prozess, den dieses Konto nicht sehen darf' };
  return { kind: 'foreign', description: processes.map((p) => `Prozess ${p.pid} „${p.command}“`).join(', ') };
}

/** Host ports published by running containers of any project; empty when the engine is unreachable. */
async function publishingContainers(docker: Docker): Promise<Map<number, PublishingContainer>> {
  const byPort = new Map<number, PublishingContainer>();
  const containers = await docker.listContainers().catch(() => []);
  for (const info of containers) {
    for (const port of info.Ports ?? []) {
      if (!port.PublicPort) continue;
      byPort.set(port.PublicPort, {
        name: (info.Names?.[0] ?? info.Id.slice(0, 12)).replace(/^\//, ''),
        project: info.Labels?.[ComposeLabel.project],
        service: info.Labels?.[ComposeLabel.service],
        workingDir: info.Labels?.['com.docker.compose.project.working_dir'],
      });
    }
  }
  return byPort;
}
