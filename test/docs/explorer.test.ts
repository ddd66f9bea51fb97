import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { insertEpisode } from '../helpers/episodes.js';

// The explorer at /docs, driven in a real headless Chromium (Debian's `chromium` package,
// which .ci/run installs). Outside CI a machine without it skips this file and says so; in CI
// a missing browser is a failure, never a silent skip.

const CHROMIUM = '/usr/bin/chromium';
const installed = existsSync(CHROMIUM);
const inCi = process.env.CI === 'true';
const explain = `Chromium is not installed at ${CHROMIUM} (apt-get install chromium)`;

if (!installed && !inCi) console.warn(`skipping the /docs browser test: ${explain}`);

describe.skipIf(!installed && !inCi)('the API explorer at /docs in headless Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    if (!installed) throw new Error(`CI=true but ${explain}`);
    t = await createTestApp();
    await insertEpisode(t.database.db.prisma, {
      title: 'Semaphore towers of the coast',
      segments: [{ speaker: null, text: 'Flags, then lamps, then wires.', startMs: 0, endMs: 3_000 }],
    });
    baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it(
    'expands an operation, runs "Try it out" → "Execute" against the live server and shows a 200 body',
    { timeout: 120_000 },
    async () => {
      const page = await browser.newPage();
      page.setDefaultTimeout(20_000);
      // Not waiting for "load": nothing on the page may depend on the network beyond this server.
      await page.goto(`${baseUrl}/docs`, { waitUntil: 'domcontentloaded' });
      const operation = page.locator('#operations-episodes-listEpisodes');
      await operation.locator('.opblock-summary').click();
      // The explorer may open operations ready to try (tryItOutEnabled); toggle back to click the button.
      // Wait until the opened operation shows one of the two, or a slow render reads as neither.
      const cancel = operation.getByRole('button', { name: 'Cancel' });
      await operation
        .getByRole('button', { name: /^(?:Try it out|Cancel)$/ })
        .first()
        .waitFor();
      if (await cancel.isVisible()) await cancel.click();
      await operation.getByRole('button', { name: 'Try it out' }).click();
      await operation.getByRole('button', { name: 'Execute' }).click();
      const live = operation.locator('.live-responses-table tbody tr.response');
      await expect
        .poll(() => live.locator('.response-col_status').first().textContent(), { timeout: 15_000 })
        .toContain('200');
      expect(await live.locator('.response-col_description').first().textContent()).toContain(
        'Semaphore towers of the coast',
      );
      expect(await operation.locator('.request-url').textContent()).toContain(`${baseUrl}/v1/episodes`);
    },
  );
});
