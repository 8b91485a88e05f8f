/**
 * The page's pure modules (trace tree, critical path, search language), loaded
 * straight from dashboard-static/ as the browser loads them, checked without a
 * browser on the inputs a browser test cannot cheaply build: cycles, a chain
 * 10,000 spans deep, every search form.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../helpers/paths.js';

interface Node {
  id: string;
  depth: number;
  orphan: boolean;
  critical: boolean;
  descendants: number;
  children: Node[];
  span: { name: string };
}
interface Tree {
  nodes: Node[];
  roots: Node[];
  t1: number;
  maxDepth: number;
}
interface TraceModel {
  buildTree(spans: unknown[]): Tree;
  markCriticalPath(tree: Tree): number;
  visibleRows(tree: Tree, collapsed: Set<string>): Node[];
  collapseToDepth(tree: Tree, n: number): Set<string>;
}
interface Query {
  parseQuery(text: string): { errors: string[]; attrs: string[]; names: string[]; words: string[]; needsServer: boolean };
  matches(q: unknown, summary: unknown): boolean;
  serverParams(q: unknown): Record<string, unknown>;
}

const load = async <T>(file: string) => (await import(pathToFileURL(join(REPO_ROOT, 'dashboard-static', file)).href)) as T;
const ms = (n: number) => String(1_700_000_000_000_000_000n + BigInt(Math.round(n * 1e6)));
const span = (spanId: string, parentSpanId: string, name: string, start: number, end: number) => ({ spanId, parentSpanId, name, startTimeUnixNano: ms(start), endTimeUnixNano: ms(end) });

test('the trace tree nests by parent, orders children by start, keeps orphans and survives a parent cycle', async () => {
  const { buildTree, visibleRows } = await load<TraceModel>('trace-model.js');
  const tree = buildTree([
    span('b', 'a', 'B', 10, 20),
    span('a', '', 'A', 0, 50),
    span('c', 'a', 'C', 5, 8),
    span('o', 'missing', 'O', 30, 31),
    span('x', 'y', 'X', 1, 2),
    span('y', 'x', 'Y', 1, 2),
  ]);
  const rows = visibleRows(tree, new Set());
  assert.deepEqual(rows.map((n) => `${n.span.name}${n.depth}${n.orphan ? '*' : ''}`), ['A0', 'C1', 'B1', 'O0*', 'X0*', 'Y0*']);
  assert.equal(tree.t1, 50);
  assert.equal(tree.roots[0]!.descendants, 2);
});

test('a chain 10,000 spans deep builds, flattens and gets its critical path without overflowing the stack', async () => {
  const { buildTree, markCriticalPath, visibleRows, collapseToDepth } = await load<TraceModel>('trace-model.js');
  const spans = Array.from({ length: 10_000 }, (_, i) => span(`s${i}`, i ? `s${i - 1}` : '', `level ${i}`, i * 0.001, 20 - i * 0.001));
  const tree = buildTree(spans.reverse());
  assert.equal(tree.maxDepth, 9_999);
  assert.equal(visibleRows(tree, new Set()).length, 10_000);
  assert.equal(markCriticalPath(tree), 10_000);
  assert.equal(visibleRows(tree, collapseToDepth(tree, 3)).length, 3);
});

test('the critical path follows the child that finished last, then what ran before it started', async () => {
  const { buildTree, markCriticalPath } = await load<TraceModel>('trace-model.js');
  // root 0–100: a 0–30 then b 30–60 in sequence, c 40–95 in parallel with b (finishes last), d 50–55 inside c's time.
  const tree = buildTree([span('r', '', 'root', 0, 100), span('a', 'r', 'a', 0, 30), span('b', 'r', 'b', 30, 60), span('c', 'r', 'c', 40, 95), span('d', 'r', 'd', 50, 55)]);
  markCriticalPath(tree);
  assert.deepEqual(tree.nodes.filter((n) => n.critical).map((n) => n.span.name).sort(), ['a', 'b', 'c', 'root']);
});

test('the search language: summary fields judged in the page, names, words and attributes by the server', async () => {
  const { parseQuery, matches, serverParams } = await load<Query>('query.js');
  const s = { traceId: 'abc123', rootName: 'GET /orders', rootService: 'api', services: ['api', 'db'], spanCount: 12, errorCount: 1, durationMs: 250 };
  for (const q of ['service:db', 'status:error', 'duration:>100ms', 'duration:<1s', 'duration:250', '-service:web', 'spans:>10', 'errors:1', 'trace:abc', '-status:ok', 'service:api duration:>0.2s']) {
    assert.equal(matches(parseQuery(q), s), true, q);
  }
  for (const q of ['service:web', 'status:ok', 'duration:>1s', '-service:api', 'errors:0', '-"GET /orders"']) assert.equal(matches(parseQuery(q), s), false, q);
  const q = parseQuery('checkout name:charge http.route:"/orders/:id" -status:ok duration:>0.5s');
  assert.deepEqual(serverParams(q), { attr: ['http.route=/orders/:id'], name: 'charge', q: 'checkout', minDurationMs: 500 });
  assert.equal(q.needsServer, true);
  assert.deepEqual(parseQuery('duration:fast status:maybe').errors.length, 2);
});

test('the page never parses markup from strings and has no inline script', async () => {
  const { readdirSync, readFileSync } = await import('node:fs');
  const dir = join(REPO_ROOT, 'dashboard-static');
  const files = readdirSync(dir);
  assert.ok(files.includes('index.html') && files.includes('app.js') && files.includes('style.css'));
  for (const f of files.filter((x) => x.endsWith('.js'))) {
    const src = readFileSync(join(dir, f), 'utf8');
    assert.doesNotMatch(src, /\.(innerHTML|outerHTML)\b|insertAdjacentHTML|document\.write|\beval\(|new Function\b|DOMParser/, f);
  }
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'every script is a file');
  assert.doesNotMatch(html, /\son[a-z]+=|\sstyle=|https?:\/\//, 'no inline handlers, inline styles or outside resources');
  assert.equal(files.filter((x) => x.endsWith('.css')).length, 1, 'one stylesheet');
});
