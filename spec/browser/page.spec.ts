/// <reference lib="dom" />
/**
 * The page around the views: links between traces (both ways), the
 * "limit reached, oldest evicted" banner, the overview tiles, the metric
 * hover readout and series selection, and both colour schemes.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startDashboardServer } from '../../lib/dashboard.js';
import { createHistogram } from '../../lib/metrics/api.js';
import { startSpan } from '../../lib/trace/api.js';
import { NO_CHROMIUM, jsonSpan, launch, nowNanos, openPage, postSpans, screenshot, spanIdHex, traceIdHex } from './browser.js';

let dashboard: Awaited<ReturnType<typeof startDashboardServer>>;
let browser: Browser;

before(async () => {
  if (NO_CHROMIUM) return;
  dashboard = await startDashboardServer(0);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await dashboard?.close();
});

test('a link to another trace opens it at the linked span, and that span lists the backlink', { skip: NO_CHROMIUM, timeout: 90_000 }, async (t) => {
  const base = nowNanos();
  const [target, source] = [traceIdHex(), traceIdHex()];
  const [targetSpan, sourceSpan] = [spanIdHex(), spanIdHex()];
  await postSpans(dashboard.url, 'producer', [jsonSpan(base, { traceId: target, spanId: targetSpan, name: 'enqueue job', start: 0, end: 5 })]);
  const linking = { ...jsonSpan(base, { traceId: source, spanId: sourceSpan, name: 'process job', start: 10, end: 30 }), links: [{ traceId: target, spanId: targetSpan, attributes: [{ key: 'messaging.operation', value: { stringValue: 'receive' } }] }] };
  await postSpans(dashboard.url, 'consumer', [linking]);

  const page = await openPage(browser, t, `${dashboard.url}#/trace/${source}?span=${sourceSpan}`);
  await page.waitForSelector('aside.detail:not([hidden])');
  await page.click(`aside.detail a[href^="#/trace/${target}"]`);
  await page.waitForSelector(`.wf-row.selected[data-span-id="${targetSpan}"]`);
  assert.equal(new URL(page.url()).hash, `#/trace/${target}?span=${targetSpan}`);
  const back = await page.$$eval('aside.detail .backlinks a', (els) => els.map((a) => [a.textContent, a.getAttribute('href')]));
  assert.deepEqual(back, [[`from trace ${source} · span ${sourceSpan}`, `#/trace/${source}?span=${sourceSpan}`]]);
  await screenshot(page, 'waterfall-backlink');
});

test('when the store evicts, every view says "limit reached, oldest evicted"', { skip: NO_CHROMIUM, timeout: 90_000 }, async (t) => {
  const small = await startDashboardServer({ port: 0, inProcess: false, limits: { maxTraces: 3 } });
  const page = await openPage(browser, t, `${small.url}#/traces`);
  t.after(() => small.close()); // after the page closed (hooks run in the order they were added)
  await page.waitForSelector('.conn.ok');
  assert.equal(await page.isHidden('#evicted'), true, 'nothing said while nothing is evicted');
  const base = nowNanos();
  for (let i = 0; i < 5; i++) await postSpans(small.url, 'busy', [jsonSpan(base, { traceId: traceIdHex(), name: `job ${i}`, start: i, end: i + 1 })]);
  await page.waitForSelector('#evicted:not([hidden])');
  assert.match(await page.textContent('#evicted') ?? '', /^Limit reached, oldest evicted: 2 traces/);
  await page.goto(`${small.url}#/logs`);
  await page.waitForSelector('#evicted:not([hidden])');
});

test('overview tiles follow the health stream; a metric chart has a hover readout and series selection; dark scheme', { skip: NO_CHROMIUM, timeout: 90_000 }, async (t) => {
  const latency = createHistogram('page.request.duration', { unit: 'ms' });
  for (let i = 0; i < 50; i++) {
    latency.record(5 + (i % 10) * 3, { route: '/a' });
    latency.record(40 + (i % 5), { route: '/b' });
    startSpan(`request ${i}`, undefined, { root: true }).end();
  }
  const page = await openPage(browser, t, `${dashboard.url}#/overview`);
  await page.waitForFunction(() => /\d/.test(document.querySelector('[data-tile="spans"] .tile-value')?.textContent ?? ''));
  const tiles = await page.$$eval('.tile', (els) => els.map((e) => (e as HTMLElement).dataset.tile));
  for (const id of ['spans', 'errors', 'logs', 'dropped', 'evicted', 'loop', 'heap', 'rss', 'queued', 'exportLatency']) assert.ok(tiles.includes(id), id);
  assert.match(await page.textContent('[data-tile="heap"] .tile-value') ?? '', /MiB|KiB/);
  await page.waitForSelector('table.latency tbody tr');
  await screenshot(page, 'overview');

  await page.goto(`${dashboard.url}#/metrics?m=page.request.duration`);
  const card = 'article[data-metric="page.request.duration"]';
  await page.waitForSelector(`${card}[data-chart="histogram"][data-latest]`);
  const labels = await page.$$eval(`${card} .series-list label`, (els) => els.map((e) => e.textContent));
  assert.equal(labels.length, 2);
  const box = (await page.$(`${card} canvas.chart`))!;
  const rect = (await box.boundingBox())!;
  await page.mouse.move(rect.x + rect.width - 20, rect.y + rect.height / 2);
  await page.waitForSelector(`${card} .readout:not([hidden])`);
  assert.match(await page.textContent(`${card} .readout`) ?? '', /p95.*ms/);
  // The same readout from the keyboard.
  await page.mouse.move(0, 0);
  await page.waitForSelector(`${card} .readout`, { state: 'hidden' });
  await box.focus();
  await page.keyboard.press('ArrowLeft');
  await page.waitForSelector(`${card} .readout:not([hidden])`);
  assert.match(await page.textContent(`${card} .readout`) ?? '', /p50.*ms/);
  const legendBefore = await page.$$eval(`${card} .legend span`, (els) => els.length);
  await page.click(`${card} .series-list label >> nth=1`);
  const legendAfter = await page.$$eval(`${card} .legend span`, (els) => els.length);
  assert.ok(legendAfter < legendBefore, `unselecting a series removes its lines (${legendBefore} → ${legendAfter})`);

  const dark = await openPage(browser, t, `${dashboard.url}#/metrics`, 'dark');
  await dark.waitForSelector('article.metric-card');
  const bg = await dark.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(15, 18, 24)', 'prefers-color-scheme: dark gives the dark theme');
  await screenshot(dark, 'metrics-dark');
});
