import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';

/** Where the app reaches the Docker engine, with a description a presenter can act on. */
export interface EngineTarget {
  /** As Docker spells it: `unix:///var/run/docker.sock`, `tcp://host:2375`, `npipe:////./pipe/docker_engine`. */
  readonly url: string;
  readonly options: Docker.DockerOptions;
}

const WINDOWS_PIPE = '//./pipe/docker_engine';

/**
 * Follows the Docker CLI's own rules: `DOCKER_HOST` first, else the platform's default socket.
 * Docker Desktop on macOS may only have the per-user socket, so that one is tried when the system one is absent.
 */
export function resolveEngineTarget(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  exists: (path: string) => boolean = existsSync,
): EngineTarget {
  const host = env.DOCKER_HOST?.trim();
  if (host) return fromDockerHost(host);
  if (platform === 'win32') return { url: `npipe://${WINDOWS_PIPE}`, options: { socketPath: WINDOWS_PIPE } };
  const systemSocket = '/var/run/docker.sock';
  const userSocket = join(homedir(), '.docker', 'run', 'docker.sock');
  const socketPath = !exists(systemSocket) && exists(userSocket) ? userSocket : systemSocket;
  return { url: `unix://${socketPath}`, options: { socketPath } };
}

export function fromDockerHost(host: string): EngineTarget {
  const url = new URL(host);
  switch (url.protocol) {
    case 'unix:':
      return { url: host, options: { socketPath: url.pathname } };
    case 'npipe:':
      return { url: host, options: { socketPath: host.slice('npipe:'.length) } };
    case 'tcp:':
    case 'http:':
    case 'https:': {
      const https = url.protocol === 'https:' || Boolean(process.env.DOCKER_TLS_VERIFY);
      return {
        url: host,
        options: { host: url.hostname, port: Number(url.port) || (https ? 2376 : 2375), protocol: https ? 'https' : 'http' },
      };
    }
    default:
      throw new Error(`DOCKER_HOST "${host}" uses an unsupported scheme (${url.protocol}); use unix://, tcp:// or npipe://.`);
  }
}
