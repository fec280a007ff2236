import { addCharts } from './charts.js';
import { readDashboardFiles } from './dashboard-files.js';
import { diffDist, renderCharts, writeDist } from './synth-dist.js';

// `npm run synth`: rewrite changed dist/ files only. `npm run synth:check`: exit 1 when dist/ is stale.
const check = process.argv.includes('--check');
const files = renderCharts((app) => addCharts(app, readDashboardFiles('grafana/dashboards')));
const diff = check ? diffDist(files, 'dist') : writeDist(files, 'dist');
const touched = [...diff.changed, ...diff.stale];
if (check && touched.length > 0) {
  console.error(`dist/ is stale (${touched.join(', ')}): run npm run synth and commit dist/`);
  process.exit(1);
}
console.log(touched.length > 0 ? `dist/: updated ${touched.join(', ')}` : 'dist/: up to date');
