import { App } from 'cdk8s';
import { addCharts } from './charts.js';
import { readDashboardFiles } from './dashboard-files.js';

// Entry point of `cdk8s synth` (see cdk8s.yaml); `npm run synth` uses synth-cli.ts,
// which builds the same charts and rewrites only changed files.
const app = new App();
addCharts(app, readDashboardFiles('grafana/dashboards'));
app.synth();
