import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { openTestApi, TestApi } from '../support/api-app';

/*
 * /docs in a real browser: Swagger UI renders every operation from
 * /openapi.json with the files of the installed package, and no request
 * leaves the machine. `/` leads there.
 */

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available) {
  if (process.env.CI) throw new Error(`${CHROMIUM} is missing: CI installs Debian's chromium (.ci/run)`);
  process.stdout.write(`SKIPPED /docs browser test: ${CHROMIUM} is missing (apt-get install -y chromium)\n`);
}
const describeInBrowser = available ? describe : describe.skip;

let api: TestApi;
beforeAll(async () => {
  api = await openTestApi();
});
afterAll(() => api.close());

it('redirects / to /docs', async () => {
  const res = await api.request.get('/').expect(302);
  expect(res.headers.location).toBe('/docs');
});

it('serves only the Swagger UI files the page needs', async () => {
  await api.request.get('/docs/assets/swagger-ui-bundle.js').expect(200).expect('content-type', /javascript/);
  await api.request.get('/docs/assets/package.json').expect(404);
  await api.request.get('/docs/assets/..%2Fpackage.json').expect(404);
});

describeInBrowser('the API reference in Chromium', () => {
  it('renders every operation, POST /orders with its response schema, from localhost alone', async () => {
    const profile = mkdtempSync(path.join(os.tmpdir(), 'oms-chromium-'));
    const browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    });
    try {
      const page = await browser.newPage();
      const elsewhere: string[] = [];
      page.on('request', (request) => {
        const { hostname, protocol } = new URL(request.url());
        if (protocol !== 'data:' && hostname !== '127.0.0.1' && hostname !== 'localhost') elsewhere.push(request.url());
      });
      await page.goto(`${api.baseUrl}/`);
      expect(new URL(page.url()).pathname).toBe('/docs');

      const placeOrder = page.locator('#operations-Orders-postOrders');
      await placeOrder.waitFor({ timeout: 15_000 });
      const operations = await page.locator('.opblock').count();
      expect(operations).toBe(api.routes.length);

      await placeOrder.locator('.opblock-summary').click();
      const created = placeOrder.locator('tr.response[data-code="201"]');
      await created.waitFor();
      await created.getByText('Schema', { exact: true }).click();
      await expect(created.locator('.model-box').first().innerText()).resolves.toMatch(/orderId[\s\S]*position/);

      await page.screenshot({ path: path.join(os.tmpdir(), 'oms-docs-page.png'), fullPage: false });
      expect(elsewhere).toEqual([]);
    } finally {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }, 60_000);
});
