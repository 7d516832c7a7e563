import type Docker from 'dockerode';
import type { CheckId, CheckStatus, FixId } from '../contract/preflight';
import type { Deck } from '../contract/slides';
import type { ComposeProject } from '../stack/compose-cli';
import type { ComposeConfig } from './compose-config';

/** What a check measured. A check never throws: an error it could not explain is reported as its failure. */
export interface CheckOutcome {
  status: Exclude<CheckStatus, 'manual'>;
  measured: string;
  /** Required unless the check passed: one German sentence. */
  reason?: string;
  fix?: FixId;
  figures?: Record<string, string | number | boolean>;
}

export interface DisplayInfo {
  id: string;
  label: string;
  width: number;
  height: number;
  primary: boolean;
  internal: boolean;
}

/** The deck as compiled and the track the presenter chose. */
export interface SlidesSource {
  load(): Promise<{ deck: Deck; trackId: string }>;
}

export interface PreflightEndpoints {
  prometheusUrl: string;
  loadgenUrl: string;
  analyticsUrl: string;
  grafanaUrl: string;
}

/** Everything a check may look at. Shared, expensive facts (the Compose configuration) are read once per run. */
export interface PreflightContext {
  compose: ComposeProject;
  docker: Docker;
  /** Where the engine is expected, e.g. `unix:///var/run/docker.sock`, for the "unreachable" sentence. */
  engineUrl: string;
  endpoints: PreflightEndpoints;
  composeConfig(): Promise<ComposeConfig>;
  /** Absent when nobody can tell which track will be shown (then the check says so). */
  slides?: SlidesSource;
  /** Absent in web mode and on the command line: only the desktop app sees the displays. */
  displays?: () => DisplayInfo[];
  /** Who asks: the app (desktop or web mode) or the command line; only used to say why displays are unknown. */
  surface?: 'app' | 'cli';
  now(): number;
}

export interface CheckDefinition {
  id: CheckId;
  group: 'script' | 'readiness';
  title: string;
  run(context: PreflightContext): Promise<CheckOutcome>;
}

export function pass(measured: string, figures: CheckOutcome['figures'] = {}): CheckOutcome {
  return { status: 'pass', measured, figures };
}

export function fail(measured: string, reason: string, fix?: FixId, figures: CheckOutcome['figures'] = {}): CheckOutcome {
  return { status: 'fail', measured, reason, fix, figures };
}

export function unchecked(measured: string, reason: string, figures: CheckOutcome['figures'] = {}): CheckOutcome {
  return { status: 'unchecked', measured, reason, figures };
}
