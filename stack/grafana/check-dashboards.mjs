#!/usr/bin/env node
// Checks the provisioned Grafana dashboards without Grafana (it cannot run on
// the build machines).
//
//   node stack/grafana/check-dashboards.mjs
//       structure: datasource uids exist, panel ids unique, gridPos set and
//       inside the 24-column grid without overlaps, every query has an
//       expression, every $variable is defined, the home dashboard exists.
//   node stack/grafana/check-dashboards.mjs --prometheus http://127.0.0.1:9090
//       also runs every panel's queries against that Prometheus (for each value
//       of the dashboard's variables) and fails for any panel without data.
//       Needs the stack up and under load.
//
// Exit code 0 when everything passes, 1 otherwise. No dependencies.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HOME_TITLE = 'HA Architecture Overview';
const HOME_UID = 'ha-overview';
const FOLDER = 'HA Demo';
// Grafana's own variables and the values used for them in checks.
const BUILTINS = { __rate_interval: '8s', __interval: '2s', __range: '15m', __range_s: '900', __interval_ms: '2000' };

const root = dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const args = { prometheus: null, dir: root };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--prometheus') args.prometheus = argv[++i];
    else if (argv[i] === '--dir') args.dir = argv[++i];
    else if (argv[i] === '--help' || argv[i] === '-h') {
      console.log('usage: check-dashboards.mjs [--prometheus URL] [--dir stack/grafana]');
      process.exit(0);
    } else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (args.prometheus !== null && !/^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\]|prometheus)(:\d+)?\/?$/.test(args.prometheus)) {
    throw new Error(`--prometheus must be the stack's own Prometheus (loopback or "prometheus"), got ${args.prometheus}`);
  }
  return args;
}

// Provisioning files are YAML; the few keys needed are read line by line so
// the checker needs no YAML library.
function yamlValues(text, key) {
  const re = new RegExp(`^\\s*-?\\s*${key}:\\s*["']?([^"'#\\n]+?)["']?\\s*(#.*)?$`, 'gm');
  return [...text.matchAll(re)].map((m) => m[1].trim());
}

function readDir(dir, ext) {
  return readdirSync(dir).filter((f) => f.endsWith(ext)).sort().map((f) => ({ file: join(dir, f), text: readFileSync(join(dir, f), 'utf8') }));
}

function flattenPanels(panels) {
  const out = [];
  for (const p of panels ?? []) {
    out.push(p);
    if (p.type === 'row' && Array.isArray(p.panels)) out.push(...flattenPanels(p.panels));
  }
  return out;
}

function variablesIn(expr) {
  return [...expr.matchAll(/\$\{?(\w+)(?::\w+)?\}?|\[\[(\w+)\]\]/g)].map((m) => m[1] ?? m[2]);
}

function dsUid(ds) {
  if (ds == null) return null;
  return typeof ds === 'string' ? ds : ds.uid ?? null;
}

export function checkStructure(dir) {
  const problems = [];
  const datasourceUids = new Set(
    readDir(join(dir, 'provisioning', 'datasources'), '.yaml').flatMap(({ text }) => yamlValues(text, 'uid')),
  );
  if (datasourceUids.size === 0) problems.push('no datasource with a uid is provisioned');
  const providers = readDir(join(dir, 'provisioning', 'dashboards'), '.yaml');
  if (!providers.some(({ text }) => yamlValues(text, 'folder').includes(FOLDER))) {
    problems.push(`no dashboard provider puts the dashboards in the folder "${FOLDER}"`);
  }

  const dashboards = [];
  const uids = new Map();
  for (const { file, text } of readDir(join(dir, 'dashboards'), '.json')) {
    const where = file.slice(dir.length + 1);
    let d;
    try {
      d = JSON.parse(text);
    } catch (e) {
      problems.push(`${where}: not JSON: ${e.message}`);
      continue;
    }
    dashboards.push({ file: where, dashboard: d });
    if (!d.uid || !d.title) problems.push(`${where}: uid and title are required`);
    if (uids.has(d.uid)) problems.push(`${where}: uid "${d.uid}" also used by ${uids.get(d.uid)}`);
    uids.set(d.uid, where);
    if (d.id != null) problems.push(`${where}: remove "id" (Grafana assigns it; a fixed id clashes across instances)`);

    const variables = new Set(Object.keys(BUILTINS));
    for (const v of d.templating?.list ?? []) {
      variables.add(v.name);
      const uid = dsUid(v.datasource);
      if (v.type === 'query' && !datasourceUids.has(uid)) problems.push(`${where}: variable $${v.name} uses unknown datasource "${uid}"`);
    }

    const ids = new Set();
    const cells = [];
    for (const p of flattenPanels(d.panels)) {
      const name = `${where}: panel ${p.id ?? '?'} "${p.title ?? ''}"`;
      if (!Number.isInteger(p.id)) problems.push(`${name}: id must be an integer`);
      else if (ids.has(p.id)) problems.push(`${name}: id ${p.id} is not unique`);
      ids.add(p.id);
      const g = p.gridPos;
      if (!g || !['h', 'w', 'x', 'y'].every((k) => Number.isInteger(g[k]) && g[k] >= 0) || g.w < 1 || g.h < 1) {
        problems.push(`${name}: gridPos needs integer h, w, x, y`);
      } else {
        if (g.x + g.w > 24) problems.push(`${name}: gridPos leaves the 24-column grid (x ${g.x} + w ${g.w})`);
        for (const other of cells) {
          const o = other.g;
          if (g.x < o.x + o.w && o.x < g.x + g.w && g.y < o.y + o.h && o.y < g.y + g.h) {
            problems.push(`${name}: overlaps panel ${other.id}`);
          }
        }
        cells.push({ id: p.id, g });
      }
      if (p.type === 'row') continue;
      if (!p.type) problems.push(`${name}: type is required`);
      if (!p.title) problems.push(`${name}: a title is required`);
      const panelDs = dsUid(p.datasource);
      if (panelDs && !datasourceUids.has(panelDs) && !panelDs.startsWith('$')) problems.push(`${name}: unknown datasource "${panelDs}"`);
      if (!Array.isArray(p.targets) || p.targets.length === 0) {
        problems.push(`${name}: has no query`);
        continue;
      }
      const refIds = new Set();
      for (const t of p.targets) {
        const uid = dsUid(t.datasource) ?? panelDs;
        if (!datasourceUids.has(uid)) problems.push(`${name}: query ${t.refId} uses unknown datasource "${uid}"`);
        if (!t.refId || refIds.has(t.refId)) problems.push(`${name}: query refIds must be set and unique`);
        refIds.add(t.refId);
        if (typeof t.expr !== 'string' || t.expr.trim() === '') {
          problems.push(`${name}: query ${t.refId} has no expression`);
          continue;
        }
        for (const v of variablesIn(t.expr)) {
          if (!variables.has(v)) problems.push(`${name}: query ${t.refId} uses undefined variable $${v}`);
        }
      }
    }
  }
  const home = dashboards.find(({ dashboard }) => dashboard.title === HOME_TITLE);
  if (!home) problems.push(`no dashboard titled "${HOME_TITLE}"`);
  else if (home.dashboard.uid !== HOME_UID) problems.push(`"${HOME_TITLE}" must have uid "${HOME_UID}"`);
  return { problems, dashboards };
}

async function promGet(base, path, params) {
  const url = new URL(path, base.endsWith('/') ? base : `${base}/`);
  for (const [k, v] of Object.entries(params)) url.searchParams.append(k, v);
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  const body = await res.json().catch(() => ({}));
  if (body.status !== 'success') throw new Error(body.error ?? `HTTP ${res.status}`);
  return body.data;
}

// Values of a `label_values(selector, label)` variable, as Grafana would list them.
async function variableValues(prometheus, v) {
  const q = typeof v.query === 'string' ? v.query : v.query?.query ?? v.definition;
  const m = /^label_values\((?:(.+),\s*)?(\w+)\)$/.exec(q?.trim() ?? '');
  if (!m) throw new Error(`variable $${v.name}: only label_values(...) queries are supported by this checker`);
  const params = m[1] ? { 'match[]': m[1] } : {};
  const values = await promGet(prometheus, `api/v1/label/${m[2]}/values`, params);
  return values.filter((x) => !v.regex || new RegExp(v.regex).test(x));
}

function substitute(expr, values) {
  return expr.replace(/\$\{(\w+)(?::\w+)?\}|\$(\w+)|\[\[(\w+)\]\]/g, (all, a, b, c) => values[a ?? b ?? c] ?? all);
}

function hasData(result) {
  return result.some((series) => {
    const v = series.value?.[1];
    return v !== undefined && v !== 'NaN';
  });
}

export async function checkData(prometheus, dashboards) {
  const problems = [];
  let queries = 0;
  for (const { file, dashboard } of dashboards) {
    // Every combination of variable values (the dashboards have at most one variable).
    let combos = [{ ...BUILTINS }];
    for (const v of dashboard.templating?.list ?? []) {
      if (v.type !== 'query') continue;
      const values = await variableValues(prometheus, v);
      if (values.length === 0) {
        problems.push(`${file}: variable $${v.name} has no values`);
        combos = [];
        break;
      }
      combos = combos.flatMap((c) => values.map((value) => ({ ...c, [v.name]: value })));
    }
    for (const combo of combos) {
      const label = Object.entries(combo).filter(([k]) => !(k in BUILTINS)).map(([k, v]) => `$${k}=${v}`).join(' ');
      for (const p of flattenPanels(dashboard.panels)) {
        if (p.type === 'row') continue;
        const empty = [];
        for (const t of p.targets ?? []) {
          const expr = substitute(t.expr, combo);
          queries++;
          try {
            const data = await promGet(prometheus, 'api/v1/query', { query: expr });
            if (!hasData(data.result)) empty.push(`${t.refId}: ${expr}`);
          } catch (e) {
            problems.push(`${file} ${label} panel "${p.title}": query ${t.refId} failed: ${e.message}\n      ${expr}`);
          }
        }
        // Strict: a query without data is a broken line or tile even when the
        // panel's other queries keep it from saying "No data".
        if (empty.length > 0) {
          problems.push(`${file} ${label} panel "${p.title}": no data\n      ${empty.join('\n      ')}`);
        }
      }
    }
  }
  return { problems, queries };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const { problems, dashboards } = checkStructure(args.dir);
  const panels = dashboards.reduce((n, { dashboard }) => n + flattenPanels(dashboard.panels).filter((p) => p.type !== 'row').length, 0);
  console.log(`structure: ${dashboards.length} dashboards, ${panels} panels`);
  let failed = problems.length;
  for (const p of problems) console.log(`  FAIL ${p}`);
  if (args.prometheus) {
    const data = await checkData(args.prometheus, dashboards);
    console.log(`data: ${data.queries} queries against ${args.prometheus}`);
    for (const p of data.problems) console.log(`  FAIL ${p}`);
    failed += data.problems.length;
  }
  console.log(failed === 0 ? 'dashboards OK' : `${failed} problem(s)`);
  process.exit(failed === 0 ? 0 : 1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(`check-dashboards: ${e.message}`);
    process.exit(1);
  });
}
