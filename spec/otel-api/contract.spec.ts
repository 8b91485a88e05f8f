/**
 * The contract: one scenario written against @opentelemetry/api and
 * @opentelemetry/api-logs, run once with the official SDK and once with
 * zerotel behind the same calls (each in its own process), gives the same
 * OTLP — field by field once decoded with the official schema, ids and times
 * aside. Each side encodes with its own serializer (the official
 * otlp-transformer, zerotel's encoders).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BUILD_ROOT } from '../helpers/paths.js';
import { childEnv } from './child-env.js';
import { decodeLogsRequest } from '../../lib/otlp/logs-reader.js';
import { decodeLogs, decodeMetrics, decodeTraces, normalLogs, normalMetrics, normalSpans } from './otlp-compare.js';

const run = promisify(execFile);
const FIXTURE = join(BUILD_ROOT, 'spec', 'otel-api', 'fixtures', 'contract-app.js');

interface Output {
  traces: Uint8Array;
  metrics: Uint8Array;
  logs: Uint8Array;
}

async function side(mode: 'official' | 'zerotel'): Promise<Output> {
  const { stdout } = await run(process.execPath, [FIXTURE, mode], { env: childEnv(), timeout: 60_000 });
  const raw = JSON.parse(stdout) as Record<keyof Output, string>;
  return { traces: Buffer.from(raw.traces, 'base64'), metrics: Buffer.from(raw.metrics, 'base64'), logs: Buffer.from(raw.logs, 'base64') };
}

const both = Promise.all([side('official'), side('zerotel')]);

test('spans: names, kinds, scopes, attributes, events, links, exceptions, statuses and the parent chain match the official SDK', { timeout: 150_000 }, async () => {
  const [o, z] = await both;
  const official = normalSpans(decodeTraces(o.traces));
  const zerotel = normalSpans(decodeTraces(z.traces));
  assert.equal(official.length, 5);
  assert.deepEqual(
    zerotel.map((s) => s.path),
    official.map((s) => s.path),
  );
  for (let i = 0; i < official.length; i++) assert.deepEqual(zerotel[i], official[i], official[i]!.path);
  // Not vacuous: the scenario's features are present in what was compared.
  const child = official.find((s) => s.name === 'child')!;
  assert.equal(child.events[0]!.name, 'exception');
  assert.equal(child.links[0]!.target, 'contract-tracer:2:parent');
  assert.deepEqual(child.status, { code: 2, message: 'query failed' });
});

test('metrics: every instrument kind gives the same points as the official SDK', { timeout: 150_000 }, async () => {
  const [o, z] = await both;
  const official = normalMetrics(decodeMetrics(o.metrics));
  const zerotel = normalMetrics(decodeMetrics(z.metrics));
  assert.deepEqual(
    zerotel.map((m) => m.name),
    official.map((m) => m.name),
  );
  assert.equal(official.length, 8);
  for (let i = 0; i < official.length; i++) assert.deepEqual(zerotel[i], official[i], String(official[i]!.name));
});

test('logs: a record emitted through @opentelemetry/api-logs matches the official SDK, correlated with the active span', { timeout: 150_000 }, async () => {
  const [o, z] = await both;
  const official = normalLogs(decodeLogs(o.logs));
  const zerotel = normalLogs(decodeLogs(z.logs));
  assert.equal(official.length, 1);
  assert.equal(official[0]!.correlated, true);
  assert.deepEqual(zerotel, official);
  // event_name (field 12) is newer than the otlp-decoder schema: read with zerotel's reader, checked against the official decoders elsewhere.
  const eventNames = (bytes: Uint8Array): unknown[] =>
    decodeLogsRequest(bytes).resourceLogs?.flatMap((rl) => rl.scopeLogs?.flatMap((sl) => sl.logRecords?.map((r) => r.eventName) ?? []) ?? []) ?? [];
  assert.deepEqual(eventNames(o.logs), ['cache.miss']);
  assert.deepEqual(eventNames(z.logs), eventNames(o.logs));
});
