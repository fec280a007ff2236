import { mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addCharts, CHART_IDS } from '../../infra/charts.js';
import { readDashboardFiles } from '../../infra/dashboard-files.js';
import { diffDist, renderCharts, writeDist } from '../../infra/synth-dist.js';

const files = renderCharts((app) => addCharts(app, readDashboardFiles('grafana/dashboards')));

describe('dist/', () => {
  it('when the charts are synthesized, then the committed dist/ is exactly the output (golden files)', () => {
    expect([...files.keys()]).toEqual(
      Object.values(CHART_IDS)
        .map((id) => `${id}.k8s.yaml`)
        .sort(),
    );
    expect(diffDist(files, 'dist')).toEqual({ changed: [], stale: [] });
  });

  it('when nothing changed, then writing leaves every file untouched; a changed or stale file is fixed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dist-test-'));
    expect(writeDist(files, dir).changed).toHaveLength(files.size);
    const first = join(dir, [...files.keys()][0]!);
    const old = new Date('2020-01-01T00:00:00Z');
    utimesSync(first, old, old);
    expect(writeDist(files, dir)).toEqual({ changed: [], stale: [] });
    expect(statSync(first).mtime.toISOString()).toBe(old.toISOString());

    writeFileSync(first, 'edited');
    writeFileSync(join(dir, 'old-chart.k8s.yaml'), 'gone');
    expect(diffDist(files, dir)).toEqual({ changed: [[...files.keys()][0]], stale: ['old-chart.k8s.yaml'] });
    writeDist(files, dir);
    expect(readFileSync(first, 'utf8')).toBe([...files.values()][0]);
    expect(diffDist(files, dir)).toEqual({ changed: [], stale: [] });
  });

  it('when dist/ does not exist, then every file is reported as changed', () => {
    expect(diffDist(files, join(tmpdir(), 'no-such-dist')).changed).toHaveLength(files.size);
  });

  it('when dashboards are read, then only json files are taken, sorted, and a missing folder means none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dash-'));
    writeFileSync(join(dir, 'b.json'), '{}');
    writeFileSync(join(dir, 'a.json'), '{"a":1}');
    writeFileSync(join(dir, 'notes.md'), '#');
    expect(readDashboardFiles(dir)).toEqual([
      { fileName: 'a.json', json: '{"a":1}' },
      { fileName: 'b.json', json: '{}' },
    ]);
    expect(readDashboardFiles(join(dir, 'missing'))).toEqual([]);
  });
});
