import type Docker from 'dockerode';
import type { FaultTarget } from '../contract';
import { ComposeLabel, projectFilter } from '../docker/compose-labels';

/** A chaos action was aimed at something that is not part of the demo project; nothing was done. */
export class ForeignContainerError extends Error {}
/** The target does not exist (right now). */
export class UnknownTargetError extends Error {}

export interface ProjectContainer {
  id: string;
  /** `service-N`, as the UI names containers. */
  name: string;
  service: string;
  replica: number;
  state: string;
}

/**
 * The only way chaos code finds containers: by the Compose project's label. A container outside the project
 * (another project, or no project at all) is refused, whether it is named by service, name or id.
 */
export class ProjectContainers {
  constructor(
    private readonly docker: Docker,
    readonly project: string,
  ) {}

  async list(): Promise<ProjectContainer[]> {
    const infos = await this.docker.listContainers({ all: true, filters: { label: [projectFilter(this.project)] } });
    return infos
      .filter((info) => info.Labels?.[ComposeLabel.oneOff] !== 'True')
      .map((info) => toProjectContainer(info.Id, info.Labels ?? {}, info.State))
      .sort((a, b) => a.service.localeCompare(b.service) || a.replica - b.replica);
  }

  /** The containers a target names; throws ForeignContainerError or UnknownTargetError instead of guessing. */
  async resolve(target: Exclude<FaultTarget, { route: string }>): Promise<ProjectContainer[]> {
    if ('container' in target) return [await this.byNameOrId(target.container)];
    const matching = (await this.list()).filter(
      (container) => container.service === target.service && (target.replica === undefined || container.replica === target.replica),
    );
    if (matching.length === 0) {
      const which = target.replica === undefined ? target.service : `${target.service}-${target.replica}`;
      throw new UnknownTargetError(`${which} gibt es im Projekt ${this.project} nicht.`);
    }
    return matching;
  }

  /** Inspects one container and checks its project label before anyone touches it. */
  async byNameOrId(reference: string): Promise<ProjectContainer> {
    const short = /^([a-z0-9][a-z0-9_.-]*)-(\d+)$/.exec(reference);
    if (short) {
      const [, service = '', replica = '0'] = short;
      const found = (await this.list()).find((container) => container.service === service && container.replica === Number(replica));
      if (found) return found;
    }
    let info: Docker.ContainerInspectInfo;
    try {
      info = await this.docker.getContainer(reference).inspect();
    } catch {
      throw new UnknownTargetError(`Container ${reference} gibt es nicht.`);
    }
    const labels = info.Config.Labels ?? {};
    if (labels[ComposeLabel.project] !== this.project) {
      throw new ForeignContainerError(
        `${info.Name.replace(/^\//, '')} gehört nicht zum Projekt ${this.project} — Chaos-Aktionen sind nur dort erlaubt.`,
      );
    }
    return toProjectContainer(info.Id, labels, info.State.Status);
  }

  /** Re-checks a recorded id (e.g. from the journal) before reverting: ids of removed containers may be gone. */
  async stillInProject(id: string): Promise<ProjectContainer | undefined> {
    try {
      return await this.byNameOrId(id);
    } catch (error) {
      if (error instanceof UnknownTargetError) return undefined;
      throw error;
    }
  }
}

function toProjectContainer(id: string, labels: Record<string, string>, state: string): ProjectContainer {
  const service = labels[ComposeLabel.service] ?? id.slice(0, 12);
  const replica = Number.parseInt(labels[ComposeLabel.replica] ?? '1', 10) || 1;
  return { id, name: `${service}-${replica}`, service, replica, state };
}
