import { describe, expect, it } from 'vitest';
import { fromDockerHost, resolveEngineTarget } from '../../electron/core/docker/engine-target';

describe('engine target', () => {
  it('uses DOCKER_HOST when set, like the docker CLI', () => {
    expect(resolveEngineTarget({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }, 'linux')).toEqual({
      url: 'unix:///run/user/1000/docker.sock',
      options: { socketPath: '/run/user/1000/docker.sock' },
    });
    expect(resolveEngineTarget({ DOCKER_HOST: 'tcp://10.0.0.5:2375' }, 'linux').options).toMatchObject({
      host: '10.0.0.5',
      port: 2375,
      protocol: 'http',
    });
  });

  it('defaults to the system socket, and to Docker Desktop’s per-user socket when only that exists', () => {
    expect(resolveEngineTarget({}, 'linux', () => true).url).toBe('unix:///var/run/docker.sock');
    const desktopOnly = resolveEngineTarget({}, 'darwin', (path) => path.endsWith('.docker/run/docker.sock'));
    expect(desktopOnly.url).toMatch(/\.docker\/run\/docker\.sock$/);
  });

  it('uses the named pipe on Windows', () => {
    expect(resolveEngineTarget({}, 'win32').url).toBe('npipe:////./pipe/docker_engine');
  });

  it('explains an unsupported scheme instead of guessing', () => {
    expect(() => fromDockerHost('ssh://user@host')).toThrow(/unsupported scheme/);
  });
});
