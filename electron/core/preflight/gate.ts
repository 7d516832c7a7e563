import type { PreflightCheck, PreflightReport } from '../contract/preflight';

/**
 * "Bereit für die Bühne" only when every automated check passed. A check that cannot be made here is not a
 * pass: the gate stays shut and says which ones, so the presenter knows what to look at by hand.
 */
export function gateOf(checks: readonly PreflightCheck[], running: readonly string[]): PreflightReport['gate'] {
  if (running.length > 0) return { ready: false, headline: 'Prüfung läuft …', detail: `${running.length} Prüfungen laufen noch.` };
  const failed = checks.filter((check) => check.status === 'fail');
  const notCheckable = checks.filter((check) => check.status === 'unchecked');
  const open = checks.filter((check) => check.status === 'manual' && check.figures.ticked !== true);
  if (failed.length > 0) {
    return { ready: false, headline: 'Nicht bereit', detail: `${count(failed.length, 'Prüfung', 'Prüfungen')} fehlgeschlagen: ${titles(failed)}.` };
  }
  if (notCheckable.length > 0) {
    return {
      ready: false,
      headline: 'Nicht freigegeben',
      detail: `Nichts ist fehlgeschlagen, aber ${count(notCheckable.length, 'Prüfung ist', 'Prüfungen sind')} hier nicht möglich: ${titles(notCheckable)}.`,
    };
  }
  return {
    ready: true,
    headline: 'Bereit für die Bühne',
    detail: open.length > 0 ? `Alle automatischen Prüfungen bestanden. Noch von Hand abhaken: ${titles(open)}.` : 'Alle Prüfungen bestanden.',
  };
}

function titles(checks: readonly PreflightCheck[]): string {
  return checks.map((check) => check.title).join(', ');
}

function count(n: number, one: string, many: string): string {
  return n === 1 ? `1 ${one}` : `${n} ${many}`;
}
