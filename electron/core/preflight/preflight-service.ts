import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { FixId, PreflightCheck, PreflightReport, SavedReport } from '../contract/preflight';
import { LatestValueFeed } from '../stack/latest-value-feed';
import type { CheckDefinition, PreflightContext } from './check';
import { AUTOMATED_CHECKS } from './checks';
import { readComposeConfig, type ComposeConfig } from './compose-config';
import { gateOf } from './gate';
import { FIX_LABEL } from './labels';
import { formatMarkdown } from './report-format';

export type FixOutcome = { ok: boolean; message: string };
/** A fix gets the report it was offered in (e.g. which old project holds a port). */
export type FixAction = (report: PreflightReport) => Promise<FixOutcome>;

export interface PreflightServiceOptions {
  context: Omit<PreflightContext, 'composeConfig'>;
  /** The fixes this host can apply; a check whose fix is missing here still names it. */
  fixes?: Partial<Record<FixId, FixAction>>;
  /** Where saved reports go. */
  reportDir: string;
  checks?: readonly CheckDefinition[];
  /** After a fix, how long the checks it should have fixed get re-run until they pass, and how often. */
  settle?: { timeoutMs: number; intervalMs: number };
}

/** Right after a start the load balancer needs a few health checks before it routes to a fresh replica. */
const DEFAULT_SETTLE = { timeoutMs: 60_000, intervalMs: 3_000 };

const BUSINESS_VALUE = { id: 'business-value', group: 'script', title: 'Publikum versteht Business Value' } as const;

const EMPTY: PreflightReport = {
  revision: 0,
  startedAt: null,
  finishedAt: null,
  running: [],
  checks: [],
  gate: { ready: false, headline: 'Noch nicht geprüft', detail: 'Die Pre-flight-Prüfung ist noch nicht gelaufen.' },
  fixing: null,
  lastFix: null,
};

/**
 * Runs the pre-flight checks (all at once; each result is published as it arrives), applies a fix and checks
 * again, and keeps the presenter's manual tick. One run at a time: asking again while one runs joins it.
 */
export class PreflightService {
  private readonly feed = new LatestValueFeed<PreflightReport>(EMPTY);
  private readonly checks: readonly CheckDefinition[];
  private businessValueTicked = false;
  private running: Promise<PreflightReport> | undefined;
  private fixing: Promise<PreflightReport> | undefined;

  constructor(private readonly options: PreflightServiceOptions) {
    this.checks = options.checks ?? AUTOMATED_CHECKS;
  }

  get report(): PreflightReport {
    return this.feed.current;
  }

  watch(signal?: AbortSignal) {
    return this.feed.watch(signal);
  }

  run(): Promise<PreflightReport> {
    this.running ??= this.runAll().finally(() => (this.running = undefined));
    return this.running;
  }

  fix(id: FixId): Promise<PreflightReport> {
    this.fixing ??= this.applyFix(id).finally(() => (this.fixing = undefined));
    return this.fixing;
  }

  tickBusinessValue(ticked: boolean): PreflightReport {
    this.businessValueTicked = ticked;
    const checks = this.feed.current.checks.map((check) => (check.id === BUSINESS_VALUE.id ? this.businessValueCheck() : check));
    return this.publish({ checks });
  }

  /** Writes the latest result as Markdown (`.json` in `path`: as JSON) into the report folder or to `path`. */
  async save(path?: string): Promise<SavedReport> {
    const report = this.feed.current.finishedAt ? this.feed.current : await this.run();
    const markdown = formatMarkdown(report);
    const fileName = path ? basename(path) : `preflight-${(report.finishedAt ?? new Date().toISOString()).replace(/[:.]/g, '-')}.md`;
    const target = path ?? join(this.options.reportDir, fileName);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, target.endsWith('.json') ? `${JSON.stringify(report, null, 2)}\n` : markdown, 'utf8');
    return { path: target, fileName, markdown };
  }

  private async runAll(): Promise<PreflightReport> {
    const startedAt = new Date(this.options.context.now()).toISOString();
    let configRead: Promise<ComposeConfig> | undefined;
    const context: PreflightContext = {
      ...this.options.context,
      // Read once per run: images, ports and memory all come from the same resolved configuration.
      composeConfig: () => (configRead ??= readComposeConfig(this.options.context.compose)),
    };
    const previous = new Map(this.feed.current.checks.map((check) => [check.id, check]));
    const placeholders = this.checks.map((definition) => previous.get(definition.id) ?? this.pending(definition));
    this.publish({
      revision: this.feed.current.revision + 1,
      startedAt,
      finishedAt: null,
      running: this.checks.map((definition) => definition.id),
      checks: this.withBusinessValue(placeholders),
    });
    await Promise.all(
      this.checks.map(async (definition) => {
        const result = await this.measure(definition, context);
        const current = this.feed.current;
        this.publish({
          checks: current.checks.map((check) => (check.id === definition.id ? result : check)),
          running: current.running.filter((id) => id !== definition.id),
        });
      }),
    );
    return this.publish({ finishedAt: new Date(this.options.context.now()).toISOString() });
  }

  private async measure(definition: CheckDefinition, context: PreflightContext): Promise<PreflightCheck> {
    const started = Date.now();
    const outcome = await definition.run(context).catch((error: unknown) => ({
      status: 'fail' as const,
      measured: 'Prüfung abgebrochen',
      reason: `Die Prüfung selbst ist fehlgeschlagen: ${error instanceof Error ? error.message : String(error)}`,
      fix: undefined,
      figures: {},
    }));
    const fix = outcome.fix ? { id: outcome.fix, label: FIX_LABEL[outcome.fix] } : null;
    return {
      id: definition.id,
      group: definition.group,
      title: definition.title,
      status: outcome.status,
      measured: outcome.measured,
      reason: outcome.status === 'pass' ? null : (outcome.reason ?? null),
      fix: outcome.status === 'pass' ? null : fix,
      figures: outcome.figures ?? {},
      durationMs: Date.now() - started,
    };
  }

  private async applyFix(id: FixId): Promise<PreflightReport> {
    const action = this.options.fixes?.[id];
    if (!action) {
      return this.publish({ lastFix: { id, ok: false, message: `„${FIX_LABEL[id]}“ ist hier nicht verfügbar.` } });
    }
    // The checks this fix is for, as offered before it ran: once the fix has run, a check may fail for a
    // reason that only time cures (a rate window still filling) and then offers no fix of its own.
    const offeredTo = new Set(this.feed.current.checks.filter((check) => check.fix?.id === id).map((check) => check.id));
    const settle = this.options.settle ?? DEFAULT_SETTLE;
    const fixing = { id, label: FIX_LABEL[id], settleSeconds: Math.round(settle.timeoutMs / 1000) };
    this.publish({ fixing: { ...fixing, phase: 'applying' } });
    const outcome = await action(this.feed.current).catch((error: unknown) => ({ ok: false, message: error instanceof Error ? error.message : String(error) }));
    if (!outcome.ok) {
      this.publish({ fixing: null, lastFix: { id, ...outcome } });
      await this.running;
      return this.run();
    }
    this.publish({ fixing: { ...fixing, phase: 'settling' }, lastFix: { id, ...outcome } });
    try {
      await this.running;
      let report = await this.run();
      const deadline = Date.now() + settle.timeoutMs;
      const awaitingThisFix = (checks: PreflightCheck[]) =>
        checks.some((check) => check.status === 'fail' && (check.fix?.id === id || offeredTo.has(check.id)));
      while (awaitingThisFix(report.checks) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, settle.intervalMs));
        report = await this.run();
      }
      return report;
    } finally {
      this.publish({ fixing: null });
    }
  }

  private withBusinessValue(checks: PreflightCheck[]): PreflightCheck[] {
    const script = checks.filter((check) => check.group === 'script');
    const readiness = checks.filter((check) => check.group !== 'script');
    return [...script, this.businessValueCheck(), ...readiness];
  }

  private businessValueCheck(): PreflightCheck {
    return {
      ...BUSINESS_VALUE,
      status: 'manual',
      measured: this.businessValueTicked ? 'abgehakt' : 'noch nicht abgehakt',
      reason: null,
      fix: null,
      figures: { ticked: this.businessValueTicked },
      durationMs: 0,
    };
  }

  private pending(definition: CheckDefinition): PreflightCheck {
    return { id: definition.id, group: definition.group, title: definition.title, status: 'unchecked', measured: 'wird geprüft …', reason: null, fix: null, figures: {}, durationMs: 0 };
  }

  private publish(patch: Partial<PreflightReport>): PreflightReport {
    const next = { ...this.feed.current, ...patch };
    next.gate = gateOf(next.checks, next.running);
    this.feed.publish(next);
    return next;
  }
}

