// node --test stack/grafana/ — the structure checks catch what breaks dashboards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkStructure } from './check-dashboards.mjs';

const here = dirname(fileURLToPath(import.meta.url));

test('the committed dashboards and provisioning pass the structure checks', () => {
  const { problems, dashboards } = checkStructure(here);
  assert.deepEqual(problems, []);
  assert.ok(dashboards.some(({ dashboard }) => dashboard.title === 'HA Architecture Overview' && dashboard.uid === 'ha-overview'));
});

test('broken dashboards are reported panel by panel', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dashboards-'));
  cpSync(join(here, 'provisioning'), join(dir, 'provisioning'), { recursive: true });
  mkdirSync(join(dir, 'dashboards'));
  const ds = { type: 'prometheus', uid: 'prometheus' };
  const panel = (id, x, y, extra = {}) => ({
    id, type: 'stat', title: `p${id}`, datasource: ds, gridPos: { h: 4, w: 12, x, y },
    targets: [{ refId: 'A', datasource: ds, expr: 'up' }], ...extra,
  });
  writeFileSync(join(dir, 'dashboards', 'broken.json'), JSON.stringify({
    uid: 'broken', title: 'Broken', templating: { list: [] },
    panels: [
      panel(1, 0, 0),
      panel(1, 12, 0),                                                   // duplicate id
      panel(3, 6, 2),                                                    // overlaps 1 and 2
      panel(4, 0, 10, { datasource: { uid: 'elsewhere' }, targets: [{ refId: 'A', datasource: { uid: 'elsewhere' }, expr: 'up' }] }),
      panel(5, 0, 20, { targets: [{ refId: 'A', datasource: ds, expr: 'up{job="$service"}' }] }),
      panel(6, 18, 30),                                                  // 18 + 12 > 24
      { id: 7, type: 'stat', title: 'no grid', targets: [{ refId: 'A', expr: 'up' }] },
    ],
  }));
  const { problems } = checkStructure(dir);
  const expect = [
    /panel 1 "p1": id 1 is not unique/,
    /panel 3 "p3": overlaps panel 1/,
    /unknown datasource "elsewhere"/,
    /undefined variable \$service/,
    /leaves the 24-column grid/,
    /panel 7 "no grid": gridPos needs/,
    /no dashboard titled "HA Architecture Overview"/,
  ];
  for (const re of expect) assert.ok(problems.some((p) => re.test(p)), `expected a problem matching ${re}, got:\n${problems.join('\n')}`);
});
