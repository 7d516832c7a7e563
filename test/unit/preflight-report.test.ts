import { describe, expect, it } from 'vitest';
import type { PreflightCheck, PreflightReport } from '../../electron/core/contract';
import { parseComposeConfig } from '../../electron/core/preflight/compose-config';
import { gateOf } from '../../electron/core/preflight/gate';
import { listeningInodes } from '../../electron/core/preflight/port-holders';
import { formatMarkdown, formatTable } from '../../electron/core/preflight/report-format';

function check(id: PreflightCheck['id'], status: PreflightCheck['status'], extra: Partial<PreflightCheck> = {}): PreflightCheck {
  return { id, group: 'readiness', title: `Prüfung ${id}`, status, measured: `gemessen ${id}`, reason: null, fix: null, figures: {}, durationMs: 5, ...extra };
}

function report(checks: PreflightCheck[]): PreflightReport {
  return { revision: 1, startedAt: '2026-11-25T15:00:00.000Z', finishedAt: '2026-11-25T15:00:03.000Z', running: [], checks, gate: gateOf(checks, []), fixing: null, lastFix: null };
}

describe('the pre-flight gate', () => {
  it('opens only when every automated check passed; the manual tick is named but does not hold it shut', () => {
    const gate = gateOf([check('docker-engine', 'pass'), check('business-value', 'manual', { title: 'Publikum versteht Business Value', figures: { ticked: false } })], []);
    expect(gate.ready).toBe(true);
    expect(gate.headline).toBe('Bereit für die Bühne');
    expect(gate.detail).toContain('Publikum versteht Business Value');
  });

  it('stays shut when a check cannot be made here, and says which', () => {
    const gate = gateOf([check('docker-engine', 'pass'), check('grafana-data', 'unchecked', { title: 'Grafana zeigt Live-Daten' })], []);
    expect(gate.ready).toBe(false);
    expect(gate.headline).toBe('Nicht freigegeben');
    expect(gate.detail).toContain('Grafana zeigt Live-Daten');
  });

  it('says "Nicht bereit" and names the failures before anything else', () => {
    const gate = gateOf([check('ports', 'fail', { title: 'Ports frei' }), check('grafana-data', 'unchecked')], []);
    expect(gate).toMatchObject({ ready: false, headline: 'Nicht bereit' });
    expect(gate.detail).toContain('1 Prüfung fehlgeschlagen: Ports frei');
  });

  it('is never ready while checks still run', () => {
    expect(gateOf([check('docker-engine', 'pass')], ['ports']).ready).toBe(false);
  });
});

describe('the pre-flight table', () => {
  it('prints a row per check with why it failed and the fix, then the gate', () => {
    const text = formatTable(
      report([
        check('docker-engine', 'pass', { measured: 'Docker 20.10.24' }),
        check('load-rate', 'fail', { measured: '0 req/s', reason: 'Der Lasttest ist gestoppt.', fix: { id: 'start-load', label: 'Last starten' } }),
      ]),
      { commands: true },
    );
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^Status\s+Prüfung\s+Messwert$/);
    expect(lines).toContainEqual(expect.stringMatching(/^OK\s+Prüfung docker-engine\s+Docker 20\.10\.24$/));
    expect(lines).toContainEqual(expect.stringMatching(/^FEHLER\s+Prüfung load-rate\s+0 req\/s$/));
    expect(text).toContain('↳ Der Lasttest ist gestoppt.');
    expect(text).toMatch(/→ Behebung: Last starten \(curl -X POST .*loadgen\/start\)/);
    expect(lines.at(-1)).toMatch(/^Nicht bereit: 1 Prüfung fehlgeschlagen/);
  });

  it('saves time, gate, each check and its figures as Markdown', () => {
    const markdown = formatMarkdown(report([check('resources', 'pass', { figures: { cpus: 2, stackLimitMiB: 3456 } })]));
    expect(markdown).toContain('- Zeit: 2026-11-25T15:00:03.000Z');
    expect(markdown).toContain('| OK | Prüfung resources | gemessen resources |  |  |');
    expect(markdown).toContain('cpus = 2; stackLimitMiB = 3456');
  });
});

describe('reading what the stack needs', () => {
  it('takes images, published ports and memory limits from the resolved Compose configuration', () => {
    const config = parseComposeConfig({
      services: {
        prometheus: { image: 'ha-demo/prometheus:2.53', ports: [{ target: 9090, published: '19090', host_ip: '127.0.0.1' }], mem_limit: '536870912' },
        'product-service': { image: 'ha-demo/product-service:latest', mem_limit: '536870912', deploy: { replicas: 2 } },
      },
    });
    expect(config.images).toEqual(['ha-demo/product-service:latest', 'ha-demo/prometheus:2.53']);
    expect(config.ports).toEqual([{ service: 'prometheus', target: 9090, published: 19090, hostIp: '127.0.0.1' }]);
    expect(config.services.find((service) => service.name === 'product-service')).toMatchObject({ replicas: 2, memLimit: 536870912 });
  });

  it('finds the listening socket of a port in /proc/net/tcp, ignoring connections', () => {
    const table = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:0BB8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 424242 1 0000000000000000 100 0 0 10 0',
      '   1: 0100007F:0BB8 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 434343 1 0000000000000000 20 4 30 10 -1',
      '   2: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 454545 1 0000000000000000 100 0 0 10 0',
    ].join('\n');
    expect(listeningInodes(table, 3000)).toEqual(['424242']);
    expect(listeningInodes(table, 8080)).toEqual(['454545']);
    expect(listeningInodes(table, 9090)).toEqual([]);
  });
});
