import { stackScript } from './stack';

/**
 * Brings the stack up once for every stack test file, and down again at the end unless STACK_KEEP_UP=1
 * (handy while writing tests: the next run starts in seconds).
 */
export async function setup(): Promise<void> {
  const { stdout } = await stackScript('up');
  process.stdout.write(stdout);
}

export async function teardown(): Promise<void> {
  if (process.env.STACK_KEEP_UP === '1') return;
  await stackScript('down');
}
