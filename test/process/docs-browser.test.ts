import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { chromiumFlags, chromiumPath } from '../support/chromium.js';
import { killAll, startService } from '../support/process.js';

const hasChromium = existsSync(chromiumPath);

if (!hasChromium) console.warn(`docs-browser: skipped, ${chromiumPath} is absent (apt-get install chromium)`);

let context: BrowserContext | undefined;
let profile: string | undefined;
afterEach(async () => {
  await context?.close();
  context = undefined;
  if (profile) rmSync(profile, { recursive: true, force: true });
  profile = undefined;
  await killAll();
});

describe('the API docs in a real browser', () => {
  it.skipIf(!hasChromium)(
    `when a person opens / in Chromium, then Swagger UI lists the operations without console or CSP errors and "Try it out" calls the API (needs ${chromiumPath})`,
    async () => {
      const service = await startService();
      profile = mkdtempSync(join(tmpdir(), 'canary-chromium-'));
      context = await chromium.launchPersistentContext(profile, {
        executablePath: chromiumPath,
        headless: true,
        args: chromiumFlags,
        viewport: { width: 1280, height: 1600 },
      });
      const page = context.pages()[0] ?? (await context.newPage());
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      // Chromium logs CSP refusals itself; the listener also reports ones it would only dispatch as events.
      await page.addInitScript(
        "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));",
      );

      await page.goto(`${service.url}/`);
      const landedOn = page.url();
      for (const path of ['/health/live', '/health/ready', '/api/info', '/api/version']) {
        await page.locator(`.opblock-summary-path[data-path="${path}"]`).waitFor({ state: 'visible' });
      }
      // Kept after the run (its own temp dir), so a person can look at what the browser showed.
      const screenshot = join(mkdtempSync(join(tmpdir(), 'canary-docs-')), 'docs.png');
      await page.screenshot({ path: screenshot, fullPage: false });

      const version = page.locator('.opblock', { has: page.locator('[data-path="/api/version"]') });
      await version.locator('.opblock-summary').click();
      await version.getByRole('button', { name: 'Try it out' }).click();
      const [response] = await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname === '/api/version'),
        version.getByRole('button', { name: 'Execute' }).click(),
      ]);
      const shownStatus = version.locator('.live-responses-table tr.response .response-col_status');
      await shownStatus.waitFor({ state: 'visible' });

      expect(landedOn).toBe(`${service.url}/docs/`);
      expect(await page.title()).toBe('sample-api');
      expect(response.status()).toBe(200);
      expect((await shownStatus.textContent())?.trim()).toBe('200');
      expect(await version.locator('.live-responses-table').textContent()).toContain('"commit"');
      expect(statSync(screenshot).size).toBeGreaterThan(10_000);
      expect(problems).toEqual([]);
      console.log(`docs-browser: screenshot at ${screenshot}`);
    },
    60_000,
  );
});
