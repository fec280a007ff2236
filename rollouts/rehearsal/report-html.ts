import { formatValue, seconds } from './progress.js';
import type { RehearsalResult } from './rehearsal.js';
import { verdictText } from './rehearsal.js';
import { escapeXml as esc, lineChart, MARKER_COLORS } from './svg-chart.js';

const ROLE_COLORS = { stable: '#1565c0', canary: '#ef6c00' } as const;

/** Seconds since the first step: start-up (services, Prometheus) is left out of the charts. */
function xOf(result: RehearsalResult, at: number): number {
  return (at - (result.steps[0]?.startedAt ?? 0)) / 1000;
}

function weightBands(result: RehearsalResult) {
  const bands: { from: number; to: number; label: string }[] = [];
  for (const step of result.steps) {
    const last = bands.at(-1);
    const label = `canary ${step.weight}%`;
    if (last && last.label === label) last.to = xOf(result, step.endedAt);
    else bands.push({ from: xOf(result, step.startedAt), to: xOf(result, step.endedAt), label });
  }
  return bands;
}

function chartFor(result: RehearsalResult, metric: RehearsalResult['metrics'][number]): string {
  const latency = /latency/i.test(metric.name);
  const formatY = latency ? (y: number) => `${(y * 1000).toFixed(0)} ms` : (y: number) => y.toFixed(3);
  const series = (['stable', 'canary'] as const).map((role) => ({
    name: role,
    color: ROLE_COLORS[role],
    points: result.samples
      .filter((p) => p.metric === metric.name && p.role === role)
      .map((p) => ({ x: xOf(result, p.at), y: p.value })),
  }));
  const markers = result.measurements
    .filter((m) => m.metric === metric.name)
    .map((m) => {
      const y = Array.isArray(m.value) ? (m.value[0] ?? Number.NaN) : (m.value as number | undefined);
      return {
        x: xOf(result, m.at),
        y: y ?? Number.NaN,
        kind: m.phase,
        title: `step ${m.step} ${m.metric} #${m.seq}: ${formatValue(m.value)} → ${m.phase}`,
      };
    });
  return lineChart({
    id: metric.name,
    title: `${metric.name} — ${metric.template}`,
    series,
    ...(metric.threshold !== undefined
      ? { threshold: { value: metric.threshold, label: `threshold ${formatY(metric.threshold)}` } }
      : {}),
    bands: weightBands(result),
    markers,
    xLabel: 'seconds since the first step',
    formatY,
  });
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#263238;max-width:980px}
h1{font-size:20px;margin:0 0 8px}.verdict{font-size:18px;font-weight:700;padding:10px 14px;border-radius:6px;display:inline-block}
.verdict-promoted{background:#e8f5e9;color:#1b5e20}.verdict-aborted{background:#ffebee;color:#b71c1c}.verdict-paused{background:#fff8e1;color:#8d6e00}
table{border-collapse:collapse;margin:12px 0}td,th{border:1px solid #cfd8dc;padding:3px 8px;text-align:left;font-size:13px}
code{font-size:12px;background:#eceff1;padding:1px 4px;border-radius:3px;word-break:break-all}.chart{margin:18px 0}
.legend span{display:inline-block;margin-right:12px}.dot{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:4px}`;

/** The rehearsal as one self-contained HTML page: verdict, inline SVG charts, every measurement. */
export function renderReport(result: RehearsalResult): string {
  const { verdict } = result;
  const rows = result.measurements
    .map(
      (m) =>
        `<tr><td>${m.step}</td><td>${esc(m.metric)}</td><td>${m.seq}</td><td>${xOf(result, m.at).toFixed(1)}s</td><td>${esc(formatValue(m.value))}</td><td class="phase-${m.phase}">${m.phase}</td><td>${esc(m.message ?? '')}</td></tr>`,
    )
    .join('');
  const metrics = result.metrics
    .map(
      (m) =>
        `<tr><td>${esc(m.template)}/${esc(m.name)}</td><td><code>${esc(m.successCondition ?? '')}</code></td><td><code>${esc(m.failureCondition ?? '')}</code></td><td>count ${m.limits.count}, failureLimit ${m.limits.failureLimit}, inconclusiveLimit ${m.limits.inconclusiveLimit}, consecutiveErrorLimit ${m.limits.consecutiveErrorLimit}</td></tr>`,
    )
    .join('');
  const traffic = (['stable', 'canary'] as const)
    .map((r) => {
      const c = result.traffic[r];
      return `<tr><td>${r}</td><td><code>${result.hashes[r]}</code></td><td>${c.sent}</td><td>${c.ok}</td><td>${c.serverErrors}</td><td>${c.failures}</td></tr>`;
    })
    .join('');
  const legend = Object.entries(MARKER_COLORS)
    .map(([phase, color]) => `<span><i class="dot" style="background:${color}"></i>${phase}</span>`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Canary rehearsal: ${esc(verdictText(verdict))}</title><style>${STYLE}</style></head><body>
<h1>Canary rehearsal — scenario <em>${esc(result.scenario)}</em></h1>
<p class="verdict verdict-${verdict.kind}" id="verdict">${esc(verdictText(verdict))}</p>
<p>Steps and AnalysisTemplates of <code>${esc(result.chartId)}</code>, time scale ${result.timeScale}, ${result.steps.length}/${result.totalSteps} steps run; start-up ${seconds(result.steps[0]?.startedAt ?? 0)}, verdict after ${seconds(result.durationMs)}.</p>
<p>Lines: each template's query for the stable and the canary ReplicaSet, sampled every second. Dots: the analysis measurements of the canary, coloured by phase. Dashed: the threshold of the conditions. Shading: the canary's traffic weight.</p>
${result.metrics.map((m) => `<div class="chart">${chartFor(result, m)}</div>`).join('\n')}
<p class="legend">Measurements: ${legend}</p>
<h2>Analysis</h2><table><tr><th>metric</th><th>successCondition</th><th>failureCondition</th><th>limits</th></tr>${metrics}</table>
<table><tr><th>step</th><th>metric</th><th>#</th><th>at (since first step)</th><th>result</th><th>phase</th><th>message</th></tr>${rows}</table>
<h2>Traffic</h2><table><tr><th>role</th><th>pod-template hash</th><th>sent</th><th>ok</th><th>5xx</th><th>failed</th></tr>${traffic}</table>
</body></html>
`;
}
