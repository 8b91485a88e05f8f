/** `zerotel decode FILE [--signal …]` as a user runs it: a child process on the built CLI. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, LIB_BUILD } from '../helpers/paths.js';
import { decodeTracesRequest } from '../../lib/otlp/trace-reader.js';
import { decodeLogsRequest } from '../../lib/otlp/logs-reader.js';
import { decodeMetricsRequest } from '../../lib/otlp/metrics-reader.js';
import { encodeTracesProto } from '../../lib/otlp/trace-proto.js';
import { Resource } from '../../lib/common/resource.js';
import { TracerProvider } from '../../lib/trace/tracer-provider.js';

const CLI = join(LIB_BUILD, 'cli.js');
const GOLDEN = join(FIXTURES, 'golden-traces.binpb');
const GOLDEN_METRICS = join(FIXTURES, 'golden-metrics.binpb');
const GOLDEN_LOGS = join(FIXTURES, 'golden-logs.binpb');

function run(args: string[], input?: Uint8Array): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', timeout: 8000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('zerotel decode', () => {
  test('prints a traces protobuf payload as OTLP/JSON', () => {
    const r = run(['decode', GOLDEN]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), decodeTracesRequest(readFileSync(GOLDEN)));
    assert.match(r.stdout, /"traceId": "0102030405060708090a0b0c0d0e0f10"/);
  });

  test('reads stdin for "-" and accepts --signal=traces', () => {
    const r = run(['decode', '-', '--signal=traces'], readFileSync(GOLDEN));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).resourceSpans.length, 2);
  });

  test('dispatches on --signal logs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zerotel-cli-'));
    const empty = join(dir, 'empty.binpb');
    writeFileSync(empty, new Uint8Array(0));
    const r = run(['decode', empty, '--signal', 'logs']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(Array.isArray(JSON.parse(r.stdout).resourceLogs));
  });

  const errors: [string, string[], number, RegExp][] = [
    ['no command', [], 2, /usage: zerotel decode/],
    ['an unknown command', ['encode'], 2, /usage/],
    ['a missing FILE', ['decode'], 2, /missing FILE/],
    ['an extra argument', ['decode', 'a', 'b'], 2, /unexpected argument "b"/],
    ['an unknown signal', ['decode', 'x', '--signal', 'profiles'], 2, /unknown signal "profiles"/],
    ['a file that does not exist', ['decode', '/nonexistent/zerotel.binpb'], 1, /cannot read/],
  ];
  for (const [name, args, code, message] of errors) {
    test(`${name} exits ${code} with a message on stderr`, () => {
      const r = run(args);
      assert.equal(r.code, code);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
    });
  }

  test('bytes that are not OTLP protobuf exit 1 and say so', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zerotel-cli-'));
    const bad = join(dir, 'bad.binpb');
    writeFileSync(bad, Buffer.from('{"resourceSpans":[]}'));
    const r = run(['decode', bad]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /not a valid OTLP protobuf payload/);
  });

  test('without --signal, a metrics payload is detected and printed as metrics', () => {
    const r = run(['decode', GOLDEN_METRICS]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), decodeMetricsRequest(readFileSync(GOLDEN_METRICS)));
  });

  test('without --signal, a logs payload is detected and printed as logs', () => {
    const r = run(['decode', GOLDEN_LOGS]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), decodeLogsRequest(readFileSync(GOLDEN_LOGS)));
  });

  test('without --signal, stdin is detected too', () => {
    const r = run(['decode', '-'], readFileSync(GOLDEN_LOGS));
    assert.equal(r.code, 0, r.stderr);
    assert.ok(Array.isArray(JSON.parse(r.stdout).resourceLogs));
  });

  test('without --signal, a payload with no items cannot be told apart: refused, asking for --signal', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zerotel-cli-'));
    const empty = join(dir, 'empty.binpb');
    writeFileSync(empty, new Uint8Array([0x0a, 0x00])); // one empty Resource{Signal}
    const r = run(['decode', empty]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cannot tell.*--signal/);
    assert.equal(r.stdout, '');
  });

  test('a payload that is not the asked signal is refused, not printed as nonsense', () => {
    const r = run(['decode', GOLDEN_LOGS, '--signal', 'traces']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /not an OTLP traces payload/);
    assert.equal(r.stdout, '');
  });

  test('a large payload decodes within a small heap (printed as it is read, not built whole)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zerotel-cli-'));
    const big = join(dir, 'big.binpb');
    const tracer = new TracerProvider({ resource: new Resource({ 'service.name': 'big' }) }).getTracer('t');
    const spans = [];
    for (let i = 0; i < 40_000; i++) {
      const s = tracer.startSpan('GET /items/' + i, { attributes: { 'http.route': '/items/:id', 'item.id': i, 'note': 'x'.repeat(200) } });
      s.end();
      spans.push(s);
    }
    const bytes = encodeTracesProto(spans);
    assert.ok(bytes.length > 10_000_000, String(bytes.length));
    writeFileSync(big, bytes);
    const out = openSync('/dev/null', 'w');
    try {
      // 48 MB of V8 heap: building the whole request (and its JSON text) needs several times that.
      const r = spawnSync(process.execPath, ['--max-old-space-size=48', CLI, 'decode', big], { stdio: ['ignore', out, 'pipe'], encoding: 'utf8', timeout: 60_000 });
      assert.equal(r.status, 0, r.stderr);
    } finally {
      closeSync(out);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--version prints the version and --help the usage', () => {
    const v = run(['--version']);
    assert.equal(v.code, 0);
    assert.match(v.stdout, /^\d+\.\d+\.\d+/);
    const h = run(['--help']);
    assert.equal(h.code, 0);
    assert.match(h.stderr, /usage/);
  });
});
