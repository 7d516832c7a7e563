import type { PreflightCheck, PreflightReport } from '../contract/preflight';
import { FIX_COMMAND, STATUS_LABEL } from './labels';

/** One row per check, the same columns as the view: Status, Prüfung, Messwert; below a failure why and the fix. */
export function formatTable(report: PreflightReport, { commands = false } = {}): string {
  const rows = report.checks.map((check) => [STATUS_LABEL[check.status], check.title, check.measured]);
  const header = ['Status', 'Prüfung', 'Messwert'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column < cells.length - 1 ? cell.padEnd(widths[column]!) : cell)).join('  ').trimEnd();
  const out = [line(header), line(widths.map((width) => '─'.repeat(width)))];
  report.checks.forEach((check, index) => {
    out.push(line(rows[index]!));
    const indent = ' '.repeat(widths[0]! + 2);
    if (check.reason) out.push(`${indent}↳ ${check.reason}`);
    if (check.fix) out.push(`${indent}→ Behebung: ${check.fix.label}${commands ? ` (${commandFor(check)})` : ''}`);
  });
  out.push('', `${report.gate.headline}: ${report.gate.detail}`);
  return out.join('\n');
}

/** The saved report: when, the gate, each check with its figures. */
export function formatMarkdown(report: PreflightReport): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [
    '# Pre-flight-Bericht',
    '',
    `- Zeit: ${report.finishedAt ?? report.startedAt ?? '—'}`,
    `- Ergebnis: **${report.gate.headline}** — ${report.gate.detail}`,
    '',
    '| Status | Prüfung | Messwert | Grund | Behebung |',
    '|---|---|---|---|---|',
    ...report.checks.map(
      (check) => `| ${STATUS_LABEL[check.status]} | ${cell(check.title)} | ${cell(check.measured)} | ${cell(check.reason ?? '')} | ${cell(check.fix?.label ?? '')} |`,
    ),
    '',
    '## Messwerte',
    '',
  ];
  for (const check of report.checks) {
    const figures = Object.entries(check.figures).filter(([, value]) => value !== '');
    if (figures.length === 0) continue;
    lines.push(`- **${check.title}** (${check.durationMs} ms): ${figures.map(([key, value]) => `${key} = ${String(value)}`).join('; ')}`);
  }
  return `${lines.join('\n')}\n`;
}

function commandFor(check: PreflightCheck): string {
  const command = FIX_COMMAND[check.fix!.id];
  return check.fix!.id === 'stop-old-stack' ? command.replace('<Projekt>', String(check.figures.oldProject ?? '<Projekt>')) : command;
}
