/**
 * Shared by the browser specs: Debian's Chromium driven by playwright-core,
 * pages that fail the test on any page error, screenshots to a temp folder,
 * and OTLP/JSON spans built by hand for traces with exact shapes.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** The specs skip, saying why, only when Debian's Chromium is missing (CI installs it). */
export const NO_CHROMIUM: string | false = existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing: apt-get install chromium to run the dashboard page's browser tests`;
export const SCREENSHOTS = join(tmpdir(), 'zerotel-dashboard-screenshots');

/** Launches Chromium; the caller closes it (in `after`). */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A page whose uncaught errors and console errors fail the test at its end. */
export async function openPage(browser: Browser, t: TestContext, url: string, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, colorScheme });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console error: ${m.text()}`);
  });
  t.after(async () => {
    await page.close();
    assert.deepEqual(errors, [], 'the page ran without errors');
  });
  await page.goto(url);
  return page;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

const hex = (bytes: number) => Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
export const traceIdHex = () => hex(16);
export const spanIdHex = () => hex(8);

export interface JsonSpanInit {
  traceId: string;
  spanId?: string;
  parentSpanId?: string;
  name: string;
  /** Milliseconds after `base`. */
  start: number;
  end: number;
  error?: boolean;
  attributes?: Record<string, string | number>;
  events?: { name: string; at: number }[];
  kind?: number;
}

/** An OTLP/JSON span (the shape any SDK sends) from a compact description. */
export function jsonSpan(base: bigint, s: JsonSpanInit): Record<string, unknown> {
  const ns = (ms: number) => String(base + BigInt(Math.round(ms * 1e6)));
  return {
    traceId: s.traceId,
    spanId: s.spanId ?? spanIdHex(),
    ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
    name: s.name,
    kind: s.kind ?? 1,
    startTimeUnixNano: ns(s.start),
    endTimeUnixNano: ns(s.end),
    attributes: Object.entries(s.attributes ?? {}).map(([key, v]) => ({ key, value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: v } })),
    events: (s.events ?? []).map((e) => ({ name: e.name, timeUnixNano: ns(e.at), attributes: [] })),
    status: s.error ? { code: 2, message: 'failed' } : {},
  };
}

/** Sends spans to the dashboard's OTLP/HTTP receiver as one OTLP/JSON request. */
export async function postSpans(baseUrl: string, service: string, spans: Record<string, unknown>[], scope = 'browser-spec'): Promise<void> {
  const body = {
    resourceSpans: [{
      resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
      scopeSpans: [{ scope: { name: scope }, spans }],
    }],
  };
  const res = await fetch(new URL('/v1/traces', baseUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(res.status, 200, await res.text());
}

/** Now, as a nanosecond epoch for span times. */
export const nowNanos = () => BigInt(Date.now()) * 1_000_000n;
