import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { PreflightCheck, PreflightReport, SavedReport } from '../../../electron/core/contract';
import { api } from '../api/client';
import './preflight.css';

const STATUS: Record<PreflightCheck['status'], { label: string; tone: string }> = {
  pass: { label: 'OK', tone: 'ok' },
  fail: { label: 'Fehler', tone: 'bad' },
  unchecked: { label: 'Nicht prüfbar', tone: 'warn' },
  manual: { label: 'Manuell', tone: 'idle' },
};

const GROUPS: { group: PreflightCheck['group']; title: string }[] = [
  { group: 'script', title: 'Demo-Erfolg-Checkliste (aus dem Skript)' },
  { group: 'readiness', title: 'Bereitschaft von Rechner und Stack' },
];

/** "Pre-flight": the script's success checklist and everything else that fails on stage, measured, with fixes. */
export function PreflightView() {
  const { data: report } = useQuery(api.preflight.watch.experimental_liveOptions({ retry: true, retryDelay: 1000, refetchOnWindowFocus: false }));
  const run = useMutation(api.preflight.run.mutationOptions());
  const fix = useMutation(api.preflight.fix.mutationOptions());
  const tick = useMutation(api.preflight.tick.mutationOptions());
  const save = useMutation(api.preflight.save.mutationOptions());
  const requested = useRef(false);

  // Opening the view checks right away, once; the result of an earlier run is shown meanwhile.
  useEffect(() => {
    if (!report || requested.current) return;
    requested.current = true;
    if (report.running.length === 0) run.mutate({});
  }, [report, run]);

  const checking = (report?.running.length ?? 0) > 0;
  const busy = checking || Boolean(report?.fixing);

  return (
    <section className="panel preflight" aria-labelledby="preflight-title">
      <header className="panel-header">
        <h2 id="preflight-title">Pre-flight</h2>
        <span className="muted">{report?.finishedAt ? `zuletzt geprüft ${new Date(report.finishedAt).toLocaleTimeString('de-DE')}` : 'noch nicht geprüft'}</span>
        <div className="preflight-actions">
          <button type="button" onClick={() => run.mutate({})} disabled={busy}>
            Erneut prüfen
          </button>
          <button type="button" onClick={() => save.mutate({})} disabled={busy || !report?.finishedAt}>
            Bericht speichern
          </button>
        </div>
      </header>
      {report && <Gate report={report} />}
      {report?.fixing?.phase === 'applying' && (
        <p className="notice notice-warn" role="status">
          {report.fixing.label} läuft … danach wird erneut geprüft.
        </p>
      )}
      {report?.fixing?.phase === 'settling' && (
        <p className="notice notice-warn" role="status">
          {report.lastFix?.message} Prüfe erneut, bis die betroffenen Prüfungen bestehen (höchstens {report.fixing.settleSeconds} s) …
        </p>
      )}
      {report?.lastFix && !report.fixing && (
        <p className={`notice ${report.lastFix.ok ? 'notice-ok' : 'notice-bad'}`} role="status">
          {report.lastFix.ok ? '✓' : '✗'} {report.lastFix.message}
        </p>
      )}
      {save.data && <SavedNotice saved={save.data} />}
      {!report && <p className="muted">Verbinde …</p>}
      {report && (
        <table className="preflight-table" aria-label="Pre-flight-Prüfungen">
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">Prüfung</th>
              <th scope="col">Messwert</th>
              <th scope="col">Grund / Behebung</th>
            </tr>
          </thead>
          {GROUPS.map(({ group, title }) => (
            <tbody key={group}>
              <tr className="preflight-group">
                <th colSpan={4} scope="colgroup">
                  {title}
                </th>
              </tr>
              {report.checks
                .filter((check) => check.group === group)
                .map((check) => (
                  <CheckRow
                    key={check.id}
                    check={check}
                    running={report.running.includes(check.id)}
                    busy={busy}
                    onFix={(id) => fix.mutate({ fix: id })}
                    onTick={(checked) => tick.mutate({ checked })}
                    pendingTick={tick.isPending ? tick.variables.checked : undefined}
                  />
                ))}
            </tbody>
          ))}
        </table>
      )}
    </section>
  );
}

function Gate({ report }: { report: PreflightReport }) {
  const tone = report.gate.ready ? 'ok' : report.running.length > 0 ? 'idle' : report.checks.some((check) => check.status === 'fail') ? 'bad' : 'warn';
  return (
    <div className={`preflight-gate gate-${tone}`} role="status" aria-label="Freigabe" data-ready={report.gate.ready}>
      <strong>{report.gate.headline}</strong>
      <span>{report.gate.detail}</span>
    </div>
  );
}

interface CheckRowProps {
  check: PreflightCheck;
  running: boolean;
  busy: boolean;
  onFix: (id: NonNullable<PreflightCheck['fix']>['id']) => void;
  onTick: (checked: boolean) => void;
  /** The tick as clicked, until the Node side confirms it (so the box does not flicker back). */
  pendingTick: boolean | undefined;
}

function CheckRow(props: CheckRowProps) {
  const { check, running } = props;
  const status = running ? { label: 'Prüft …', tone: 'idle' } : STATUS[check.status];
  return (
    <tr data-check={check.id} data-status={running ? 'running' : check.status}>
      <td>
        <span className={`badge badge-${status.tone}`}>{status.label}</span>
      </td>
      <th scope="row">{check.title}</th>
      <td className="preflight-measured">{check.measured}</td>
      <td>
        {check.status === 'manual' ? (
          <label className="preflight-tick">
            <input type="checkbox" checked={props.pendingTick ?? check.figures.ticked === true} onChange={(event) => props.onTick(event.target.checked)} /> abgehakt
          </label>
        ) : (
          <>
            {check.reason && <p className="preflight-reason">{check.reason}</p>}
            {check.fix && (
              <button type="button" className="primary" disabled={props.busy} onClick={() => props.onFix(check.fix!.id)}>
                {check.fix.label}
              </button>
            )}
          </>
        )}
      </td>
    </tr>
  );
}

/** Saved on the Node side; also offered as a download, since in web mode that disk may be another machine's. */
function SavedNotice({ saved }: { saved: SavedReport }) {
  const href = `data:text/markdown;charset=utf-8,${encodeURIComponent(saved.markdown)}`;
  return (
    <p className="notice notice-ok" role="status">
      Bericht gespeichert unter <code>{saved.path}</code> ·{' '}
      <a href={href} download={saved.fileName}>
        herunterladen
      </a>
    </p>
  );
}
