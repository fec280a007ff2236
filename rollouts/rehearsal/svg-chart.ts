/** One line of a chart; NaN values leave a gap. */
export interface Series {
  readonly name: string;
  readonly color: string;
  readonly points: readonly { readonly x: number; readonly y: number }[];
}

/** Options of {@link lineChart}. */
export interface LineChartOptions {
  /** `data-chart` of the `<svg>`, for tests and styling. */
  readonly id: string;
  readonly title: string;
  readonly series: readonly Series[];
  readonly threshold?: { readonly value: number; readonly label: string };
  /** Shaded step spans along x, e.g. the canary weight. */
  readonly bands?: readonly { readonly from: number; readonly to: number; readonly label: string }[];
  /** Dots, e.g. analysis measurements, coloured by `kind`. */
  readonly markers?: readonly {
    readonly x: number;
    readonly y: number;
    readonly kind: string;
    readonly title: string;
  }[];
  readonly xLabel: string;
  readonly formatY: (y: number) => string;
  readonly width?: number;
  readonly height?: number;
}

export const MARKER_COLORS: Readonly<Record<string, string>> = {
  Successful: '#2e7d32',
  Failed: '#c62828',
  Inconclusive: '#f9a825',
  Error: '#6a1b9a',
};

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function extent(values: number[]): [number, number] {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return [0, 1];
  let [lo, hi] = [Math.min(...finite), Math.max(...finite)];
  if (lo === hi) [lo, hi] = [lo - Math.abs(lo || 1) * 0.1, hi + Math.abs(hi || 1) * 0.1];
  const pad = (hi - lo) * 0.08;
  // Rates and latencies are never negative: keep the axis from dipping below 0.
  return [lo >= 0 ? Math.max(lo - pad, 0) : lo - pad, hi + pad];
}

/** A self-contained SVG line chart: axes, series, an optional dashed threshold, bands and markers. */
export function lineChart(o: LineChartOptions): string {
  const [width, height] = [o.width ?? 720, o.height ?? 260];
  const m = { top: 28, right: 24, bottom: 34, left: 64 };
  const [w, h] = [width - m.left - m.right, height - m.top - m.bottom];
  const xs = [0, ...o.series.flatMap((s) => s.points.map((p) => p.x)), ...(o.bands ?? []).map((b) => b.to)];
  const xMax = Math.max(...xs.filter(Number.isFinite), 1);
  const ys = [
    ...o.series.flatMap((s) => s.points.map((p) => p.y)),
    ...(o.markers ?? []).map((p) => p.y),
    ...(o.threshold ? [o.threshold.value] : []),
  ];
  const [yMin, yMax] = extent(ys);
  const sx = (x: number) => m.left + (x / xMax) * w;
  const sy = (y: number) => m.top + h - ((y - yMin) / (yMax - yMin)) * h;
  const parts: string[] = [];
  for (const b of o.bands ?? []) {
    parts.push(
      `<rect class="band" x="${sx(b.from).toFixed(1)}" y="${m.top}" width="${Math.max(sx(b.to) - sx(b.from), 0).toFixed(1)}" height="${h}" fill="#1565c0" fill-opacity="0.06" stroke="#90a4ae" stroke-width="0.5"/>`,
      `<text x="${(sx(b.from) + 3).toFixed(1)}" y="${m.top + 12}" font-size="10" fill="#546e7a">${escapeXml(b.label)}</text>`,
    );
  }
  for (let i = 0; i <= 4; i++) {
    const y = yMin + ((yMax - yMin) * i) / 4;
    parts.push(
      `<line x1="${m.left}" x2="${m.left + w}" y1="${sy(y).toFixed(1)}" y2="${sy(y).toFixed(1)}" stroke="#eceff1"/>`,
      `<text x="${m.left - 6}" y="${(sy(y) + 4).toFixed(1)}" font-size="11" text-anchor="end" fill="#455a64">${escapeXml(o.formatY(y))}</text>`,
    );
  }
  for (let i = 0; i <= 5; i++) {
    const x = (xMax * i) / 5;
    parts.push(
      `<text x="${sx(x).toFixed(1)}" y="${m.top + h + 16}" font-size="11" text-anchor="middle" fill="#455a64">${x.toFixed(0)}</text>`,
    );
  }
  parts.push(
    `<text x="${m.left + w / 2}" y="${height - 4}" font-size="11" text-anchor="middle" fill="#455a64">${escapeXml(o.xLabel)}</text>`,
    `<rect x="${m.left}" y="${m.top}" width="${w}" height="${h}" fill="none" stroke="#90a4ae"/>`,
  );
  if (o.threshold) {
    const y = sy(o.threshold.value).toFixed(1);
    parts.push(
      `<line class="threshold" x1="${m.left}" x2="${m.left + w}" y1="${y}" y2="${y}" stroke="#c62828" stroke-width="1.5" stroke-dasharray="6 4"/>`,
      `<text x="${m.left + w - 4}" y="${Number(y) - 4}" font-size="11" text-anchor="end" fill="#c62828">${escapeXml(o.threshold.label)}</text>`,
    );
  }
  o.series.forEach((s, i) => {
    let d = '';
    let pen = 'M';
    for (const p of s.points) {
      if (!Number.isFinite(p.y)) {
        pen = 'M';
        continue;
      }
      d += `${pen}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`;
      pen = 'L';
    }
    parts.push(
      // Earlier series are drawn wider, so a later one on top of it (canary equal to stable) leaves it visible.
      `<path class="series" data-series="${escapeXml(s.name)}" d="${d || `M${m.left},${m.top}`}" fill="none" stroke="${s.color}" stroke-opacity="${i === 0 && o.series.length > 1 ? 0.55 : 1}" stroke-width="${2 + 3 * (o.series.length - 1 - i)}" stroke-linejoin="round"/>`,
      `<line x1="${m.left + w - 150 + i * 75}" x2="${m.left + w - 134 + i * 75}" y1="${m.top - 14}" y2="${m.top - 14}" stroke="${s.color}" stroke-width="2.5"/>`,
      `<text x="${m.left + w - 130 + i * 75}" y="${m.top - 10}" font-size="11" fill="#263238">${escapeXml(s.name)}</text>`,
    );
  });
  for (const p of o.markers ?? []) {
    if (!Number.isFinite(p.y)) continue;
    parts.push(
      `<circle class="measurement" data-phase="${escapeXml(p.kind)}" cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="4.5" fill="${MARKER_COLORS[p.kind] ?? '#000'}" stroke="#fff"><title>${escapeXml(p.title)}</title></circle>`,
    );
  }
  return `<svg data-chart="${escapeXml(o.id)}" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(o.title)}"><text x="${m.left}" y="${m.top - 10}" font-size="13" font-weight="600" fill="#263238">${escapeXml(o.title)}</text>${parts.join('')}</svg>`;
}
