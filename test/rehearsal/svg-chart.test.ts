import { describe, expect, it } from 'vitest';
import { escapeXml, lineChart } from '../../rollouts/rehearsal/svg-chart.js';

const base = { id: 'c', title: 'T <1>', xLabel: 'x', formatY: (y: number) => y.toFixed(2) };

describe('lineChart', () => {
  it('when a series has NaN values, then the line has a gap (a new M) instead of a point', () => {
    const svg = lineChart({
      ...base,
      series: [
        {
          name: 'canary',
          color: '#f00',
          points: [
            { x: 0, y: 1 },
            { x: 1, y: Number.NaN },
            { x: 2, y: 2 },
            { x: 3, y: 3 },
          ],
        },
      ],
    });
    const d = /data-series="canary" d="([^"]+)"/.exec(svg)?.[1] ?? '';
    expect(d.match(/M/g)).toHaveLength(2);
    expect(d.match(/L/g)).toHaveLength(1);
    expect(svg).toContain('T &#60;1&#62;');
  });

  it('when values are non-negative, then the axis does not dip below zero; a threshold is drawn', () => {
    const svg = lineChart({
      ...base,
      series: [
        {
          name: 's',
          color: '#000',
          points: [
            { x: 0, y: 0.004 },
            { x: 5, y: 0.005 },
          ],
        },
      ],
      threshold: { value: 0.5, label: 'threshold' },
      bands: [{ from: 0, to: 5, label: 'canary 25%' }],
      markers: [
        { x: 1, y: 0.004, kind: 'Failed', title: 'f' },
        { x: 2, y: Number.NaN, kind: 'Inconclusive', title: 'no data' },
      ],
    });
    expect(svg).not.toMatch(/>-\d/);
    expect(svg).toContain('class="threshold"');
    expect(svg.match(/class="measurement"/g)).toHaveLength(1);
    expect(svg).toContain('canary 25%');
  });

  it('when there are no points at all, then an empty chart still renders with a placeholder path', () => {
    const svg = lineChart({ ...base, series: [{ name: 'e', color: '#000', points: [] }] });
    expect(svg).toMatch(/data-series="e" d="M\d+,\d+"/);
    expect(svg).toContain('1.00');
  });

  it('when negative values are charted, then the axis extends below zero', () => {
    const svg = lineChart({
      ...base,
      series: [
        {
          name: 'n',
          color: '#000',
          points: [
            { x: 0, y: -1 },
            { x: 1, y: 1 },
          ],
        },
      ],
    });
    expect(svg).toMatch(/>-1\.\d\d</);
    expect(escapeXml(`a"b'&`)).toBe('a&#34;b&#39;&#38;');
  });
});
