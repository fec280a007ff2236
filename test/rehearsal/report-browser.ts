import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumFlags, chromiumPath } from '../support/chromium.js';

export { chromiumPath } from '../support/chromium.js';

/** What a person sees of one chart, measured in the rendered page. */
export interface RenderedChart {
  readonly id: string;
  readonly width: number;
  readonly height: number;
  /** Rendered length of each series path, by series name. */
  readonly series: Record<string, number>;
  readonly thresholdWidth: number;
  readonly markers: Record<string, number>;
}

/** The few DOM members the page-side measuring uses (the project compiles without the DOM lib). */
interface SvgNode {
  readonly dataset: Record<string, string | undefined>;
  getBoundingClientRect(): { width: number; height: number };
  getTotalLength(): number;
  querySelector(selector: string): SvgNode | null;
  querySelectorAll(selector: string): Iterable<SvgNode>;
}

/** Opens a report in headless Chromium (fresh profile, no network), measures its charts and screenshots it. */
export async function inspectReport(
  reportPath: string,
  screenshotPath: string,
): Promise<{ verdict: string; charts: RenderedChart[]; requests: string[]; errors: string[] }> {
  const profile = mkdtempSync(join(tmpdir(), 'canary-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumFlags,
    viewport: { width: 1000, height: 800 },
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(pathToFileURL(reportPath).href);
    const verdict = ((await page.locator('#verdict').textContent()) ?? '').trim();
    const charts = await page.$$eval('svg[data-chart]', (elements) =>
      (elements as unknown as SvgNode[]).map((svg) => {
        const box = svg.getBoundingClientRect();
        const series: Record<string, number> = {};
        for (const p of svg.querySelectorAll('path.series')) {
          series[p.dataset.series ?? '?'] = p.getTotalLength();
        }
        const markers: Record<string, number> = {};
        for (const c of svg.querySelectorAll('circle.measurement')) {
          const phase = c.dataset.phase ?? '?';
          if (c.getBoundingClientRect().width > 0) markers[phase] = (markers[phase] ?? 0) + 1;
        }
        const threshold = svg.querySelector('line.threshold');
        return {
          id: svg.dataset.chart ?? '',
          width: box.width,
          height: box.height,
          series,
          thresholdWidth: threshold ? threshold.getBoundingClientRect().width : 0,
          markers,
        };
      }),
    );
    await page.screenshot({ path: screenshotPath, fullPage: true });
    return { verdict, charts, requests, errors };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
