import { watch, type FSWatcher } from 'node:fs';
import { dirname } from 'node:path';
import type { ActionCommandId, ActionRun, ActionRuns, Deck, LoadTestFigures, Session, SessionCommand } from '../contract/slides';
import { SessionSchema } from '../contract/slides';
import { LatestValueFeed } from '../stack/latest-value-feed';
import { ACTION_COMMANDS, runCommand } from './action-commands';
import { DeckLoader } from './deck-loader';
import { AtomicJsonWriter, readJsonFile } from './json-file';
import { fetchLoadTestFigures } from './load-test-figures';
import { applyCommand, initialSession, reconcileWithDeck } from './session';

export interface SlidesServiceOptions {
  slidesDir: string;
  /** Where the presentation session is kept across reloads and restarts. */
  sessionFile: string;
  /** Base URL of the analytics service for the live widgets. */
  analyticsUrl: string;
  clock?: () => number;
}

const RELOAD_DEBOUNCE_MS = 120;
const OUTPUT_LIMIT = 64 * 1024;

const EMPTY_DECK: Deck = { revision: 0, loadedAt: new Date(0).toISOString(), chapters: [], slides: [], tracks: [], checklist: [], problems: [] };

/**
 * The talk on the Node side: the compiled deck (reloaded when a file changes), the presentation session that
 * every window follows, and the commands slides run. Windows only send commands and watch feeds, so the
 * presenter and the audience can never disagree about which slide is up.
 */
export class SlidesService {
  readonly deck = new LatestValueFeed<Deck>(EMPTY_DECK);
  readonly session: LatestValueFeed<Session>;
  readonly actions = new LatestValueFeed<ActionRuns>({});

  private readonly loader: DeckLoader;
  private readonly writer: AtomicJsonWriter;
  private readonly clock: () => number;
  private watcher: FSWatcher | undefined;
  private reloadTimer: NodeJS.Timeout | undefined;
  private reloading: Promise<void> = Promise.resolve();
  private readonly running = new Map<ActionCommandId, AbortController>();

  constructor(private readonly options: SlidesServiceOptions) {
    this.clock = options.clock ?? Date.now;
    this.loader = new DeckLoader(options.slidesDir, dirname(options.slidesDir));
    this.writer = new AtomicJsonWriter(options.sessionFile);
    this.session = new LatestValueFeed(initialSession(this.clock()));
  }

  async start(): Promise<void> {
    const saved = SessionSchema.safeParse(await readJsonFile(this.options.sessionFile));
    if (saved.success) this.session.publish(saved.data);
    this.watcher = this.watchDeck();
    await this.reload();
  }

  stop(): void {
    this.watcher?.close();
    clearTimeout(this.reloadTimer);
    for (const controller of this.running.values()) controller.abort();
  }

  /** Resolves when the deck on disk has been compiled and published. */
  reload(): Promise<void> {
    this.reloading = this.reloading.then(async () => {
      const deck = await this.loader.load();
      this.deck.publish(deck);
      const reconciled = reconcileWithDeck(this.session.current, deck.tracks);
      if (reconciled !== this.session.current) this.commitSession(reconciled);
    });
    return this.reloading;
  }

  command(command: SessionCommand): Session {
    const next = applyCommand(this.session.current, command, { now: this.clock(), tracks: this.deck.current.tracks });
    if (next !== this.session.current) this.commitSession(next);
    return next;
  }

  loadTest(): Promise<LoadTestFigures> {
    return fetchLoadTestFigures(this.options.analyticsUrl);
  }

  /** Starts an allowlisted command (restarting it if it already runs); its output streams through `actions`. */
  runAction(commandId: ActionCommandId): ActionRun {
    this.running.get(commandId)?.abort();
    const controller = new AbortController();
    this.running.set(commandId, controller);
    const definition = ACTION_COMMANDS[commandId];
    let run: ActionRun = {
      runId: crypto.randomUUID(),
      commandId,
      display: definition.display,
      status: 'running',
      exitCode: null,
      output: '',
      startedAt: this.clock(),
      finishedAt: null,
    };
    const update = (patch: Partial<ActionRun>) => {
      run = { ...run, ...patch };
      this.actions.publish({ ...this.actions.current, [commandId]: run });
    };
    update({});
    void runCommand(definition, { output: (chunk) => update({ output: (run.output + chunk).slice(-OUTPUT_LIMIT) }) }, controller.signal)
      .catch(() => 1)
      .then((exitCode) => {
        if (this.running.get(commandId) !== controller) return;
        this.running.delete(commandId);
        update({ status: exitCode === 0 ? 'succeeded' : 'failed', exitCode, finishedAt: this.clock() });
      });
    return run;
  }

  private commitSession(next: Session): void {
    this.session.publish(next);
    void this.writer.write(next).catch((error: Error) => console.error(`Vortragsstand nicht gespeichert: ${error.message}`));
  }

  private watchDeck(): FSWatcher | undefined {
    try {
      return watch(this.options.slidesDir, { recursive: true }, () => {
        clearTimeout(this.reloadTimer);
        this.reloadTimer = setTimeout(() => void this.reload(), RELOAD_DEBOUNCE_MS);
      });
    } catch (error) {
      console.error(`Folienordner wird nicht beobachtet (${(error as Error).message}); Änderungen erst nach Neustart sichtbar.`);
      return undefined;
    }
  }
}
