/// <reference lib="dom" />
/**
 * Metrics, logs and the wire view in Chromium: a registered view's chart
 * follows the values, a log record opens its trace at its span, and a request
 * from the official OTLP/protobuf exporter shows its field decode.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Browser } from 'playwright-core';
import { registerView, startDashboardServer } from '../../lib/dashboard.js';
import { withSpan } from '../../lib/context/async-context.js';
import { logger } from '../../lib/logs/api.js';
import { createGauge, createHistogram } from '../../lib/metrics/api.js';
import { startSpan } from '../../lib/trace/api.js';
import { NO_CHROMIUM, launch, openPage, screenshot } from './browser.js';

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

test('a metric charted as registerView says redraws when its value changes', { skip: NO_CHROMIUM, timeout: 90_000 }, async (t) => {
  registerView('browser.queue.depth', 'stat');
  const gauge = createGauge('browser.queue.depth', { unit: '{job}', description: 'jobs waiting' });
  gauge.set(5);
  const page = await openPage(browser, t, `${dashboard.url}#/metrics?m=browser.queue.depth`);
  const card = 'article.metric-card[data-metric="browser.queue.depth"]';
  await page.waitForSelector(`${card}[data-chart="stat"][data-latest^="5"]`);
  const before = await page.$eval(`${card} canvas.chart`, (c) => (c as HTMLCanvasElement).toDataURL());
  gauge.set(9);
  await page.waitForSelector(`${card}[data-latest^="9"]`);
  const afterChange = await page.$eval(`${card} canvas.chart`, (c) => (c as HTMLCanvasElement).toDataURL());
  assert.notEqual(afterChange, before, 'the chart was redrawn');
  assert.match(await page.textContent(`${card} .kind`) ?? '', /stat \(registerView\)/);

  // A view registered while the page is open changes the chart without a reload.
  registerView('browser.queue.depth', 'gauge');
  await page.waitForSelector(`${card}[data-chart="gauge"]`);
  await screenshot(page, 'metrics');
});

test('gauge and heatmap charts show every selected series, not only the first', { skip: NO_CHROMIUM, timeout: 90_000 }, async (t) => {
  registerView('browser.pool.usage', 'gauge');
  registerView('browser.route.latency', 'heatmap');
  const usage = createGauge('browser.pool.usage', { unit: '{conn}' });
  for (const [pool, v] of [['primary', 7], ['replica', 3], ['batch', 12]] as const) usage.set(v, { pool });
  const latency = createHistogram('browser.route.latency', { unit: 'ms' });
  for (let i = 0; i < 40; i++) latency.record(5 + (i % 9) * 20, { route: i % 2 ? '/orders' : '/cart' });
  const page = await openPage(browser, t, `${dashboard.url}#/metrics`);
  const gaugeCard = 'article.metric-card[data-metric="browser.pool.usage"]';
  const heatCard = 'article.metric-card[data-metric="browser.route.latency"]';
  await page.waitForSelector(`${gaugeCard}[data-chart="gauge"][data-series-drawn="3"]`);
  await page.waitForSelector(`${heatCard}[data-chart="heatmap"][data-series-drawn="2"]`);
  // Each extra series takes room of its own: the canvases grew beyond one dial / one band.
  const heights = await page.$$eval([gaugeCard, heatCard].map((c) => `${c} canvas.chart:not([hidden])`).join(','), (els) => els.map((e) => e.getBoundingClientRect().height));
  assert.ok(heights.every((hgt) => hgt > 180), `canvas heights ${heights.join(', ')}`);
  // Deselecting a series takes it off the chart.
  await page.click(`${gaugeCard} input[type="checkbox"] >> nth=0`);
  await page.waitForSelector(`${gaugeCard}[data-series-drawn="2"]`);
  await page.$eval(gaugeCard, (e) => e.scrollIntoView());
  await screenshot(page, 'metrics-gauge-series');
  await page.$eval(heatCard, (e) => e.scrollIntoView());
  await screenshot(page, 'metrics-heatmap-series');
});

test('clicking a log record opens its trace with its span selected', { skip: NO_CHROMIUM, timeout: 90_000 }, async (t) => {
  const root = startSpan('order flow', undefined, { root: true });
  const child = startSpan('charge card', root);
  withSpan(child, () => logger.warn('card declined, retrying', { 'payment.attempt': 1 }));
  child.end();
  startSpan('after charge', root).end();
  root.end();
  const page = await openPage(browser, t, `${dashboard.url}#/logs`);
  const row = await page.waitForSelector(`li.log[data-span-id="${child.spanId}"]`);
  assert.match(await row.textContent() ?? '', /card declined, retrying/);
  assert.ok(await row.evaluate((e) => e.classList.contains('sev-warn')), 'severity colour class');
  await screenshot(page, 'logs');
  await row.click();
  await page.waitForSelector('[data-ready="true"]');
  assert.equal(new URL(page.url()).hash, `#/trace/${root.traceId}?span=${child.spanId}`);
  await page.waitForSelector(`.wf-row.selected[data-span-id="${child.spanId}"]`);
  assert.equal(await page.textContent('aside.detail h2'), 'charge card');
  await page.waitForSelector('aside.detail .span-logs li');
  assert.match(await page.textContent('aside.detail .span-logs') ?? '', /card declined, retrying/, "the span's logs inline");
  await screenshot(page, 'waterfall-from-log');
});

test('the wire view shows the field decode of a request from the official OTLP/protobuf exporter', { skip: NO_CHROMIUM, timeout: 90_000 }, async (t) => {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'official-sdk' }),
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: new URL('/v1/traces', dashboard.url).href }))],
  });
  provider.getTracer('wire-check').startSpan('sent by the official exporter').end();
  await provider.forceFlush();
  await provider.shutdown();
  const page = await openPage(browser, t, `${dashboard.url}#/wire`);
  const row = await page.waitForSelector('tr.row:has-text("application/x-protobuf")');
  await row.click();
  await page.waitForSelector('ul.fields li.field');
  const fields = await page.$$eval('ul.fields li.field', (els) => els.map((e) => e.textContent ?? ''));
  assert.match(fields[0] ?? '', /^#1\b.* len @0 /, 'the request starts with field 1 (resource_spans), length-delimited, at offset 0');
  assert.ok(fields.some((f) => f.includes('"sent by the official exporter"')), 'the span name is decoded as a string field');
  assert.ok(fields.some((f) => f.includes('"official-sdk"')), 'so is the service name');
  // Selecting a field highlights its bytes in the hex dump.
  await page.click('ul.fields li.field >> nth=0');
  assert.ok(await page.$$eval('.hex mark', (els) => els.length) > 0);
  const download = await page.getAttribute('.wire-detail a[download]', 'href');
  assert.match(download ?? '', /^\/api\/raw\/[^/]+$/);
  await screenshot(page, 'wire');
});
