import { appendFile, mkdir, readFile, rename, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { RevertStep } from './fault-actions';

/** One line of the journal. `applied` carries everything needed to undo it, even from another process. */
export type JournalEntry = { at: string } & (
  | { event: 'applied'; faultId: string; kind: string; label: string; targets: string[]; deadline: string; revert: RevertStep[] }
  | { event: 'reverted'; faultId: string; by: 'deadline' | 'manual' | 'reset' | 'cleanup-on-start'; steps: string[]; failures: string[] }
  | { event: 'failed'; faultId: string; label: string; error: string }
  | { event: 'measured'; faultId: string; recovery: unknown }
  | { event: 'watchdog-restart'; container: string; reason: string }
  | { event: 'scaling'; service: string; from: number; to: number; reason: string; ok: boolean }
  | { event: 'reset'; steps: string[]; failures: string[] }
);

type Body = JournalEntry extends infer E ? (E extends JournalEntry ? Omit<E, 'at'> : never) : never;

const ROTATE_BYTES = 5 * 1024 * 1024;

/**
 * Every fault, revert and self-healing action as a JSON line in a file. Appends are serialised; the file is
 * rotated once at 5 MB (one old file kept), which holds weeks of demos.
 */
export class ChaosJournal {
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly file: string) {}

  append(body: Body, at = new Date()): Promise<void> {
    const line = `${JSON.stringify({ at: at.toISOString(), ...body })}\n`;
    this.queue = this.queue
      .then(async () => {
        await mkdir(dirname(this.file), { recursive: true });
        const size = await stat(this.file).then((s) => s.size, () => 0);
        if (size > ROTATE_BYTES) await rename(this.file, `${this.file}.1`);
        await appendFile(this.file, line);
      })
      .catch((error: Error) => console.error(`Chaos-Journal nicht geschrieben (${this.file}): ${error.message}`));
    return this.queue;
  }

  async entries(): Promise<JournalEntry[]> {
    await this.queue;
    const text = await readFile(this.file, 'utf8').catch(() => '');
    const entries: JournalEntry[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        entries.push(JSON.parse(line) as JournalEntry);
      } catch {
        // A line cut short by a crash mid-write: everything before it is still valid.
      }
    }
    return entries;
  }

  /** Faults applied but never reverted: what a crashed app left behind. */
  async openFaults(): Promise<Extract<JournalEntry, { event: 'applied' }>[]> {
    return openFaults(await this.entries());
  }
}

export function openFaults(entries: JournalEntry[]): Extract<JournalEntry, { event: 'applied' }>[] {
  const open = new Map<string, Extract<JournalEntry, { event: 'applied' }>>();
  for (const entry of entries) {
    if (entry.event === 'applied') open.set(entry.faultId, entry);
    else if (entry.event === 'reverted' || entry.event === 'failed') open.delete(entry.faultId);
  }
  return [...open.values()];
}
