// Swagger UI at /docs is where developers first try this API. Checking /openapi.json is not enough: the page
// can still break in a browser (a Content-Security-Policy that blocks the bundle, a `servers` entry that sends
// "Try it out" to the wrong host, a schema the UI cannot render). So this drives /docs in real headless
// Chromium the way a person does: open it, expand GET /v1/tasks, "Try it out", fill the form, "Execute", and
// read the live response from the page. Needs Debian's /usr/bin/chromium; skipped where it is not installed.
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import t from 'tap';
import { createTestApp } from './helpers/app.js';

const chromiumPath = '/usr/bin/chromium';
const timeout = 30_000;

t.test('Swagger UI: Try it out on GET /v1/tasks', { skip: existsSync(chromiumPath) ? false : `${chromiumPath} is not installed` }, async (t) => {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    // No internet here: without the background-networking flags Chromium floods refused connections.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  t.teardown(() => browser.close());

  const { app, bearer } = await createTestApp(t);
  const viewerKey = (await bearer(['viewer'])).replace(/^Bearer /, '');
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(timeout);

  // Everything the page asks for, and everything it complains about.
  const requested: string[] = [];
  const problems: string[] = [];
  page.on('request', (request) => requested.push(request.url()));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    const isFavicon404 = /favicon/.test(message.location().url) && /404/.test(message.text());
    if (message.type() === 'error' && !isFavicon404) problems.push(`console error: ${message.text()}`);
  });

  await page.goto(`${base}/docs`);

  // Swagger UI has fetched the document and rendered the operations (ids are "operations-<tag>-<operationId>").
  const operation = page.locator('#operations-Tasks-listTasks');
  await operation.waitFor();
  t.match(await page.locator('.information-container .info .title').innerText(), /plantrack/, 'the heading names the service');
  t.match(await page.title(), /plantrack/, 'the browser tab names the service');

  // Authorize with an API key, the way a developer does: the padlock dialog, the apiKey scheme, paste, Authorize.
  await page.locator('.auth-wrapper .btn.authorize').click();
  const apiKeyScheme = page.locator('.modal-ux .auth-container').filter({ hasText: 'apiKey' });
  await apiKeyScheme.locator('input').fill(viewerKey);
  await apiKeyScheme.getByRole('button', { name: 'Apply credentials' }).click();
  await apiKeyScheme.getByRole('button', { name: 'Close' }).click();

  // Expand GET /v1/tasks, "Try it out", fill the form and "Execute".
  await operation.locator('.opblock-summary-control').click();
  await operation.getByRole('button', { name: 'Try it out' }).click();
  await operation.locator('tr[data-param-name="programId"] input').fill('17/CTr-UBND');
  await operation.locator('tr[data-param-name="limit"] input').fill('5');
  const [apiResponse] = await Promise.all([
    page.waitForResponse((response) => response.url().startsWith(`${base}/v1/tasks?`)),
    operation.getByRole('button', { name: 'Execute' }).click(),
  ]);
  const sent = new URL(apiResponse.url());
  t.equal(apiResponse.request().headers().authorization, `Bearer ${viewerKey}`, 'the request carries the key');
  t.equal(sent.searchParams.get('programId'), '17/CTr-UBND', 'the request carries programId');
  t.equal(sent.searchParams.get('limit'), '5', 'the request carries limit');

  // The live response as the developer sees it (the table's header row is also a .response-col_status).
  const live = operation.locator('.responses-wrapper .live-responses-table tr.response');
  t.equal((await live.locator('.response-col_status').innerText()).trim(), '200', 'the UI shows status 200');
  t.equal(
    (await operation.locator('.responses-wrapper .request-url pre').innerText()).trim(),
    apiResponse.url(),
    'the request went to the server that serves the page (servers: "/")',
  );
  const bodyText = (await live.locator('.response-col_description .highlight-code code').textContent()) ?? '';
  t.match(bodyText, '"code": "01"', 'the body shows task 01');
  t.match(bodyText, 'Kế hoạch về phục hồi, phát triển kinh tế', 'with its Vietnamese title intact');
  const body = JSON.parse(bodyText);
  t.equal(body.items.length, 5, 'limit=5 gives five tasks');
  t.same(
    body.items.map((task: any) => task.code),
    ['01', '02', '03', '04', '05'],
    'the first five tasks of 17/CTr-UBND, in code order',
  );
  t.match(body.items[0], { code: '01', title: 'Kế hoạch về phục hồi, phát triển kinh tế' });

  await live.scrollIntoViewIfNeeded();
  await page.screenshot({ path: '/tmp/docs-ui.png' });

  const outside = requested.filter((url) => {
    const { protocol, hostname } = new URL(url);
    return protocol !== 'data:' && protocol !== 'blob:' && hostname !== '127.0.0.1';
  });
  t.same(outside, [], 'the page made no request outside 127.0.0.1');
  t.ok(requested.includes(`${base}/docs/json`), 'the UI loaded the document from this server');
  t.same(problems, [], 'no console errors, page errors or failed requests');
});
