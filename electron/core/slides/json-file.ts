import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Reads a JSON file; a missing or unreadable file is `undefined`, never an exception. */
export async function readJsonFile(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Writes JSON so that a reader (or the next start after a crash) sees either the old or the new file, never a
 * half-written one: write a temporary file beside it, then rename over it. Writes are serialised in call order.
 */
export class AtomicJsonWriter {
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {}

  write(value: unknown): Promise<void> {
    const text = JSON.stringify(value, null, 2);
    this.queue = this.queue.then(async () => {
      const temporary = `${this.file}.${process.pid}.tmp`;
      await mkdir(dirname(this.file), { recursive: true });
      await writeFile(temporary, text);
      await rename(temporary, this.file);
    });
    return this.queue;
  }
}
