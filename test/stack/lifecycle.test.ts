import { describe, expect, it } from 'vitest';
import { compose, containers, docker, project, stackScript } from './support/stack';

describe('stack lifecycle', () => {
  it('shows every container of the stack healthy in plain `docker compose ps`', async () => {
    await stackScript('up');
    const services = (await compose('config', '--services')).trim().split('\n').sort();
    const list = await containers();
    expect([...new Set(list.map((c) => c.service))].sort()).toEqual(services);
    for (const container of list) expect({ name: container.name, health: container.health }).toEqual({ name: container.name, health: 'healthy' });
  });

  it('leaves nothing of the project behind on down, and comes up again after it', async () => {
    await stackScript('down');
    const label = `label=com.docker.compose.project=${project}`;
    expect((await docker('ps', '-a', '-q', '--filter', label)).trim()).toBe('');
    expect((await docker('network', 'ls', '-q', '--filter', label)).trim()).toBe('');
    expect((await docker('volume', 'ls', '-q', '--filter', label)).trim()).toBe('');

    const { stdout } = await stackScript('up');
    const seconds = Number(/healthy in ([\d.]+) s/.exec(stdout)?.[1]);
    console.log(`stack up after down: all healthy in ${seconds} s`);
    expect(seconds).toBeGreaterThan(0);
    const list = await containers();
    expect(list.length).toBeGreaterThan(0);
    expect(list.filter((c) => c.health !== 'healthy')).toEqual([]);
  });
});
