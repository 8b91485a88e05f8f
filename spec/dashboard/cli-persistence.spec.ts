/**
 * `zerotel dashboard` as a user runs it (child processes): argument errors,
 * `--data FILE` appending each accepted batch as one OTLP/JSON line and
 * replaying it on the next start, a corrupt line skipped and reported, and
 * SIGTERM closing the server cleanly.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeTracesJson } from '../../lib/otlp/json-reader.js';
import { encodeTracesProto } from '../../lib/otlp/trace-proto.js';
import { TracerProvider } from '../../lib/trace/tracer-provider.js';
import { CLI, getJson, rawRequest, startCliDashboard } from './helpers.js';

describe('zerotel dashboard (CLI)', () => {
  test('bad arguments exit 2 with a message and the usage; --help exits 0', () => {
    const bad = spawnSync(process.execPath, [CLI, 'dashboard', '--port', 'abc'], { encoding: 'utf8', timeout: 8000 });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--port needs a port number/);
    const unknown = spawnSync(process.execPath, [CLI, 'dashboard', '--nope'], { encoding: 'utf8', timeout: 8000 });
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unexpected argument "--nope"/);
    const help = spawnSync(process.execPath, [CLI, 'dashboard', '--help'], { encoding: 'utf8', timeout: 8000 });
    assert.equal(help.status, 0);
    assert.match(help.stderr, /usage: zerotel dashboard/);
  });

  test('--data appends each accepted batch as one OTLP/JSON line and a restart replays it; a corrupt line is skipped and reported', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'zerotel-data-')), 'telemetry.jsonl');
    const first = await startCliDashboard(['--data', file]);
    const tracer = new TracerProvider().getTracer('persist');
    const s = tracer.startSpan('kept across restarts', { attributes: { n: 1 } });
    s.end();
    const traceId = s.spanContext().traceId;
    let r = await rawRequest(first.url, { method: 'POST', path: '/v1/traces', headers: { 'content-type': 'application/x-protobuf' }, body: encodeTracesProto([s]) });
    assert.equal(r.status, 200);
    r = await rawRequest(first.url, {
      method: 'POST',
      path: '/v1/logs',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ timeUnixNano: '1700000000000000000', body: { stringValue: 'a log line' } }] }] }] }),
    });
    assert.equal(r.status, 200);
    // A malformed request is not persisted.
    assert.equal((await rawRequest(first.url, { method: 'POST', path: '/v1/traces', headers: { 'content-type': 'application/json' }, body: '{' })).status, 400);
    await first.close();
    assert.equal(first.child.exitCode, 0, first.stderr());

    const lines = readFileSync(file, 'utf8').trim().split('\n');
    assert.equal(lines.length, 2);
    const persisted = decodeTracesJson(new TextEncoder().encode(lines[0]!));
    assert.equal(persisted.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.traceId, traceId);
    assert.match(lines[1]!, /^\{"resourceLogs":/);

    appendFileSync(file, '{"resourceSpans": [ this is not json\n');
    const second = await startCliDashboard(['--data', file]);
    try {
      assert.match(second.stderr(), /replayed 2 batch\(es\).*1 corrupt line\(s\) skipped/);
      const trace = await getJson(`${second.url}api/traces/${traceId}`);
      assert.equal(trace.status, 200);
      assert.equal(trace.body.spans[0].name, 'kept across restarts');
      const logs = (await getJson(`${second.url}api/logs`)).body.logs;
      assert.deepEqual(logs.map((l: { body: unknown }) => l.body), [{ stringValue: 'a log line' }]);
      assert.equal((await getJson(`${second.url}api/health`)).body.dropped.replayLines, 1);
    } finally {
      await second.close();
    }
    // The replay itself is not appended again.
    assert.equal(readFileSync(file, 'utf8').trim().split('\n').length, 3);
  });
});
