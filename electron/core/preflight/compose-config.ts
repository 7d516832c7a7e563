import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { composeBaseArgs, type ComposeProject } from '../stack/compose-cli';

const run = promisify(execFile);

export interface PublishedPort {
  service: string;
  /** The port inside the container, e.g. 8081 for the load balancer's product entry. */
  target: number;
  published: number;
  hostIp: string;
}

export interface ComposeServiceConfig {
  name: string;
  image: string;
  replicas: number;
  /** Bytes; 0 when the service has no limit. */
  memLimit: number;
}

/** The stack as Compose resolves it with the project's env files: the only truth about images and ports. */
export interface ComposeConfig {
  services: ComposeServiceConfig[];
  ports: PublishedPort[];
  images: string[];
}

interface RawService {
  image?: string;
  ports?: Array<{ target: number; published?: string | number; host_ip?: string }>;
  mem_limit?: string | number;
  deploy?: { replicas?: number } | null;
}

/** `docker compose … config --format json`, exactly as `stack:up` and the app's start button see the stack. */
export async function readComposeConfig(project: ComposeProject, env: NodeJS.ProcessEnv = process.env): Promise<ComposeConfig> {
  const { stdout } = await run('docker', [...composeBaseArgs(project), 'config', '--format', 'json'], {
    env,
    maxBuffer: 8 * 1024 * 1024,
    timeout: 20_000,
  });
  return parseComposeConfig(JSON.parse(stdout) as { services?: Record<string, RawService> });
}

export function parseComposeConfig(raw: { services?: Record<string, RawService> }): ComposeConfig {
  const services: ComposeServiceConfig[] = [];
  const ports: PublishedPort[] = [];
  for (const [name, service] of Object.entries(raw.services ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    services.push({
      name,
      image: service.image ?? '',
      replicas: service.deploy?.replicas ?? 1,
      memLimit: Number(service.mem_limit ?? 0),
    });
    for (const port of service.ports ?? []) {
      if (port.published === undefined || port.published === '') continue;
      ports.push({ service: name, target: port.target, published: Number(port.published), hostIp: port.host_ip ?? '0.0.0.0' });
    }
  }
  const images = [...new Set(services.map((service) => service.image).filter(Boolean))].sort();
  return { services, ports: ports.sort((a, b) => a.published - b.published), images };
}

/** The host port Compose publishes for a container port of a service, e.g. the load balancer's 8081. */
export function publishedPort(config: ComposeConfig, service: string, target: number): number | undefined {
  return config.ports.find((port) => port.service === service && port.target === target)?.published;
}
