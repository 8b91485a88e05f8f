/// <reference lib="dom" />
/**
 * Every telemetry string is text on the page: a span name, attribute key and
 * value, event name, metric unit, scope name, resource value and log body
 * carrying markup render as those characters, and no script runs. Only
 * http(s) values become links, with rel="noopener noreferrer".
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startDashboardServer } from '../../lib/dashboard.js';
import { NO_CHROMIUM, jsonSpan, launch, nowNanos, openPage, screenshot, spanIdHex, traceIdHex } from './browser.js';

const XSS = '<img src=x onerror=window.__xss=1>';
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

async function post(path: string, body: unknown): Promise<void> {
  const res = await fetch(new URL(path, dashboard.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(res.status, 200, await res.text());
}

async function assertInert(page: Page, where: string): Promise<void> {
  assert.equal(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), undefined, `no script ran (${where})`);
  assert.equal(await page.$$eval('img, script:not([src]), [onerror]', (els) => els.length), 0, `no element made from telemetry (${where})`);
}

test('markup in span names, attributes, events, scope, resource, metric units and log bodies renders as text', { skip: NO_CHROMIUM, timeout: 90_000 }, async (t) => {
  const traceId = traceIdHex();
  const spanId = spanIdHex();
  const base = nowNanos();
  const resource = { attributes: [{ key: 'service.name', value: { stringValue: 'xss-shop' } }, { key: 'host.name', value: { stringValue: XSS } }] };
  const span = jsonSpan(base, { traceId, spanId, name: XSS, start: 0, end: 20, events: [{ name: XSS, at: 5 }], attributes: { [XSS]: XSS, 'doc.url': 'https://example.com/docs', 'bad.url': 'javascript:window.__xss=1' } });
  await post('/v1/traces', { resourceSpans: [{ resource, scopeSpans: [{ scope: { name: XSS, version: '1' }, spans: [span] }] }] });
  await post('/v1/logs', { resourceLogs: [{ resource, scopeLogs: [{ scope: { name: XSS }, logRecords: [{ timeUnixNano: String(base + 1_000_000n), severityNumber: 17, severityText: 'ERROR', body: { stringValue: XSS }, attributes: [{ key: XSS, value: { stringValue: XSS } }], traceId, spanId }] }] }] });
  await post('/v1/metrics', { resourceMetrics: [{ resource, scopeMetrics: [{ scope: { name: XSS }, metrics: [{ name: 'xss.metric', unit: XSS, description: XSS, gauge: { dataPoints: [{ timeUnixNano: String(base), asDouble: 7, attributes: [{ key: XSS, value: { stringValue: XSS } }] }] } }] }] }] });

  const page = await openPage(browser, t, `${dashboard.url}#/traces`);
  const row = await page.waitForSelector(`tr.row[data-trace-id="${traceId}"]`);
  assert.equal(await row.$eval('td.name a', (a) => a.textContent), XSS);
  await assertInert(page, 'trace list');

  await row.click();
  await page.waitForSelector('[data-ready="true"]');
  assert.equal(await page.textContent('.wf-row .span-name'), XSS);
  assert.equal(await page.getAttribute('.wf-row .mark', 'title'), XSS);
  await page.click('.wf-row');
  await page.waitForSelector('aside.detail .span-logs li');
  const text = (sel: string) => page.$$eval(sel, (els) => els.map((e) => e.textContent));
  assert.equal(await page.textContent('aside.detail h2'), XSS, 'span name');
  assert.ok((await text('aside.detail table.kv th')).includes(XSS), 'attribute key');
  assert.ok((await text('aside.detail table.kv td')).filter((v) => v === XSS).length >= 3, 'attribute value, scope name, resource value');
  assert.deepEqual(await text('aside.detail ul.plain li strong'), [XSS], 'event name');
  assert.deepEqual(await text('aside.detail .span-logs .log-body'), [XSS], 'log body');
  const links = await page.$$eval('aside.detail a[target="_blank"]', (els) => els.map((a) => [a.getAttribute('href'), a.getAttribute('rel')]));
  assert.deepEqual(links, [['https://example.com/docs', 'noopener noreferrer']], 'only the https value is a link');
  await assertInert(page, 'waterfall and details');
  await screenshot(page, 'xss-waterfall');

  await page.goto(`${dashboard.url}#/logs`);
  await page.waitForSelector(`li.log[data-trace-id="${traceId}"]`);
  assert.equal(await page.textContent(`li.log[data-trace-id="${traceId}"] .log-body`), XSS);
  await assertInert(page, 'logs');

  await page.goto(`${dashboard.url}#/metrics?m=xss.metric`);
  await page.waitForSelector('article[data-metric="xss.metric"][data-latest]');
  assert.match(await page.textContent('article[data-metric="xss.metric"] .kind') ?? '', new RegExp(XSS.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  assert.equal(await page.textContent('article[data-metric="xss.metric"] .desc'), XSS);
  await assertInert(page, 'metrics');
  await screenshot(page, 'xss-metrics');
});
