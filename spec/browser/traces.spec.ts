/// <reference lib="dom" />
/**
 * The trace list and the waterfall in Chromium, fed by the in-process road
 * (the app's own spans) and by the OTLP/HTTP receiver (spans of exact shape).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startDashboardServer } from '../../lib/dashboard.js';
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

test('a span ended in the application appears in the live trace list within a second', { skip: NO_CHROMIUM, timeout: 90_000 }, async (t) => {
  const page = await openPage(browser, t, `${dashboard.url}#/traces`);
  await page.waitForSelector('.conn.ok');
  await screenshot(page, 'overview-empty-traces');
  const span = startSpan('checkout from the app', undefined, { root: true });
  span.setAttribute('cart.items', 3);
  span.end();
  const ended = Date.now();
  const row = await page.waitForSelector(`tr.row[data-trace-id="${span.traceId}"]`, { timeout: 1000 });
  const waited = Date.now() - ended;
  t.diagnostic(`the span's trace was listed ${waited} ms after span.end()`);
  assert.ok(waited <= 1000, `appeared after ${waited} ms`);
  assert.equal((await row.textContent())?.includes('checkout from the app'), true);
  await screenshot(page, 'traces');
});

test('the waterfall nests spans by parent in start order, keeps the orphan and draws bars on one time axis', { skip: NO_CHROMIUM, timeout: 90_000 }, async (t) => {
  const traceId = traceIdHex();
  const base = nowNanos();
  const [a, b, c, d] = [spanIdHex(), spanIdHex(), spanIdHex(), spanIdHex()];
  // Sent out of order: children before parents, the later-starting child first.
  await postSpans(dashboard.url, 'shop', [
    jsonSpan(base, { traceId, spanId: d, parentSpanId: b, name: 'D grandchild', start: 20, end: 40 }),
    jsonSpan(base, { traceId, spanId: b, parentSpanId: a, name: 'B second child', start: 10, end: 50, error: true }),
    jsonSpan(base, { traceId, spanId: c, parentSpanId: a, name: 'C first child', start: 5, end: 30, events: [{ name: 'cache.miss', at: 12 }] }),
    jsonSpan(base, { traceId, spanId: a, name: 'A root', start: 0, end: 100 }),
    jsonSpan(base, { traceId, parentSpanId: spanIdHex(), name: 'E orphan', start: 60, end: 70 }),
  ]);
  const page = await openPage(browser, t, `${dashboard.url}#/trace/${traceId}`);
  await page.waitForSelector('[data-ready="true"]');
  const rows = await page.$$eval('.wf-row', (els) => els.map((e) => ({
    name: e.querySelector('.span-name')?.textContent,
    depth: Number((e as HTMLElement).dataset.depth),
    orphan: Boolean(e.querySelector('.badge')?.textContent?.includes('orphan')),
    error: e.classList.contains('error'),
    left: parseFloat((e.querySelector('.bar') as HTMLElement).style.left),
    width: parseFloat((e.querySelector('.bar') as HTMLElement).style.width),
    marks: e.querySelectorAll('.mark').length,
  })));
  assert.deepEqual(rows.map((r) => [r.name, r.depth]), [['A root', 0], ['C first child', 1], ['B second child', 1], ['D grandchild', 2], ['E orphan', 0]]);
  assert.deepEqual(rows.map((r) => r.orphan), [false, false, false, false, true]);
  assert.deepEqual(rows.map((r) => r.error), [false, false, true, false, false], 'only the failed span is an error');
  // Bars on one axis: 0–100 ms is the whole width.
  const close = (x: number, y: number) => Math.abs(x - y) < 0.01;
  assert.ok(close(rows[0]!.left, 0) && close(rows[0]!.width, 100));
  assert.ok(close(rows[1]!.left, 5) && close(rows[1]!.width, 25));
  assert.ok(close(rows[3]!.left, 20) && close(rows[3]!.width, 20));
  assert.equal(rows[1]!.marks, 1, 'the event is a mark on its bar');
  const ticks = await page.$$eval('.wf-axis .tick', (els) => els.map((e) => e.textContent));
  assert.ok(ticks.length >= 3 && ticks[0] === '0', ticks.join());
  const colors = await page.$$eval('.wf-row .bar', (els) => els.map((e) => getComputedStyle(e).backgroundColor));
  assert.notEqual(colors[2], colors[0], 'the error bar has its own colour');
  await screenshot(page, 'waterfall');
});

test('keyboard only: from the trace list to a span\'s details and back', { skip: NO_CHROMIUM, timeout: 90_000 }, async (t) => {
  const root = startSpan('keyboard root', undefined, { root: true });
  const child = startSpan('keyboard child', root);
  child.end();
  root.end();
  const page = await openPage(browser, t, `${dashboard.url}#/traces?q=${encodeURIComponent('keyboard')}`);
  await page.waitForSelector(`tr.row[data-trace-id="${root.traceId}"]`);
  let reached = false;
  for (let i = 0; i < 30 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.matches('tr.row') ?? false);
  }
  assert.ok(reached, 'Tab reaches a trace row');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-ready="true"]');
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('wf-scroller')), true, 'the span list has the focus');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.waitForSelector('aside.detail:not([hidden])');
  assert.equal(await page.textContent('aside.detail h2'), 'keyboard child');
  assert.match(page.url(), new RegExp(`span=${child.spanId}`));
  await page.keyboard.press('Escape');
  await page.waitForSelector('aside.detail', { state: 'hidden' });
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('wf-scroller')), true, 'Esc returns to the span list');
});

test('while the list is scrolled or paused, new traces wait behind an "N new" banner instead of moving the rows', { skip: NO_CHROMIUM, timeout: 90_000 }, async (t) => {
  const base = nowNanos();
  const filler = Array.from({ length: 80 }, (_, i) => jsonSpan(base, { traceId: traceIdHex(), name: `filler ${i}`, start: i, end: i + 1 }));
  await postSpans(dashboard.url, 'filler', filler);
  const page = await openPage(browser, t, `${dashboard.url}#/traces`);
  await page.waitForSelector('tr.row >> text=filler 79');
  await page.$eval('.scroller', (el) => el.scrollTo(0, 600));
  const firstVisible = await page.$eval('tbody tr.row', (tr) => (tr as HTMLElement).dataset.traceId);

  const scrolled = startSpan('arrived while scrolled', undefined, { root: true });
  scrolled.end();
  await page.waitForSelector('.newbanner:not([hidden])');
  assert.match(await page.textContent('.newbanner') ?? '', /^1 new trace — show$/);
  assert.equal(await page.$(`tr.row[data-trace-id="${scrolled.traceId}"]`), null, 'not inserted while scrolled');
  assert.equal(await page.$eval('tbody tr.row', (tr) => (tr as HTMLElement).dataset.traceId), firstVisible);
  await page.click('.newbanner');
  await page.waitForSelector(`tbody tr.row:first-child[data-trace-id="${scrolled.traceId}"]`);
  assert.equal(await page.$eval('.scroller', (el) => el.scrollTop), 0);

  await page.click('button:text("Pause")');
  const paused = startSpan('arrived while paused', undefined, { root: true });
  paused.end();
  await page.waitForSelector('.newbanner:not([hidden])');
  assert.match(await page.textContent('.newbanner') ?? '', /\(paused\)/);
  const stillThere = await page.$(`tr.row[data-trace-id="${paused.traceId}"]`);
  assert.equal(stillThere, null, 'the paused view does not change');
  const api = (await (await fetch(new URL(`/api/traces?limit=5`, dashboard.url))).json()) as { traces: { traceId: string }[] };
  assert.ok(api.traces.some((x) => x.traceId === paused.traceId), 'ingestion went on');
  await page.click('button:text("Resume")');
  await page.waitForSelector(`tr.row[data-trace-id="${paused.traceId}"]`);
  await screenshot(page, 'traces-after-resume');
});

test('attribute terms are judged by the server, negated ones too', { skip: NO_CHROMIUM, timeout: 90_000 }, async (t) => {
  const base = nowNanos();
  const [a, b] = [traceIdHex(), traceIdHex()];
  await postSpans(dashboard.url, 'router', [
    jsonSpan(base, { traceId: a, name: 'GET', start: 0, end: 3, attributes: { 'http.route': '/orders/:id' } }),
    jsonSpan(base, { traceId: b, name: 'GET', start: 1, end: 4, attributes: { 'http.route': '/healthz' } }),
  ]);
  const page = await openPage(browser, t, `${dashboard.url}#/traces?q=${encodeURIComponent('service:router http.route:/orders/:id')}`);
  await page.waitForSelector(`tr.row[data-trace-id="${a}"]`);
  assert.deepEqual(await page.$$eval('tr.row', (els) => els.map((e) => (e as HTMLElement).dataset.traceId)), [a]);
  await page.fill('input.search', 'service:router -http.route:/orders/:id');
  await page.press('input.search', 'Enter');
  await page.waitForSelector(`tr.row[data-trace-id="${b}"]`);
  assert.deepEqual(await page.$$eval('tr.row', (els) => els.map((e) => (e as HTMLElement).dataset.traceId)), [b]);
  assert.equal(await page.textContent('.query-errors'), '');
});
