import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { format, inspect } from 'node:util';
import { diag } from '../../lib/common/diag.js';
import { setLoggerProvider } from '../../lib/logs/api.js';
import { captureConsole, isConsoleCaptured, releaseConsole } from '../../lib/logs/console-bridge.js';
import { SeverityNumber } from '../../lib/logs/severity.js';
import { CollectingProcessor, testLogs } from '../helpers/logs.js';
import { FIXTURES, LIB_BUILD } from '../helpers/paths.js';

const run = promisify(execFile);
type Method = 'log' | 'info' | 'warn' | 'error' | 'debug';
const METHODS: Method[] = ['log', 'info', 'warn', 'error', 'debug'];

async function child(capture: boolean, recordsOut?: string): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, [join(FIXTURES, 'logs', 'console-child.mjs')], {
    env: { ...process.env, ZEROTEL_LIB: LIB_BUILD, CAPTURE: capture ? '1' : '0', RECORDS_OUT: recordsOut ?? '', NODE_OPTIONS: '', FORCE_COLOR: '0' },
    encoding: 'utf8',
    timeout: 10_000,
  });
}

describe('console capture keeps what the console prints identical', () => {
  test('a child process prints the same stdout and stderr with and without capture, and the records match', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'zerotel-console-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const out = join(dir, 'records.json');
    const [plain, captured] = await Promise.all([child(false), child(true, out)]);
    assert.equal(captured.stdout, plain.stdout);
    assert.equal(captured.stderr, plain.stderr);
    assert.match(plain.stdout, /plain str and 42/);
    assert.match(plain.stderr, /Error: boom/);

    const { records, spanId } = JSON.parse(readFileSync(out, 'utf8')) as {
      records: Array<{ severityNumber: number; severityText: string; body: string; attributes?: Record<string, string>; spanId?: string; scope: string }>;
      spanId: string;
    };
    // 10 console calls while captured; the processor's own print and the diagnostic are not recorded.
    assert.equal(records.length, 10);
    assert.deepEqual(
      records.map((r) => r.severityText),
      ['INFO', 'INFO', 'INFO', 'INFO', 'WARN', 'ERROR', 'ERROR', 'DEBUG', 'INFO', 'INFO'],
    );
    assert.equal(records[0]!.scope, 'console');
    // The body is exactly the printed line (stdout starts with it).
    assert.ok(plain.stdout.startsWith(`${records[0]!.body}\n${records[1]!.body}\n${records[2]!.body}\n`));
    assert.equal(records[1]!.body, '');
    assert.equal(records[5]!.attributes!['exception.message'], 'boom');
    assert.equal(records[6]!.attributes!['exception.type'], 'TypeError');
    assert.equal(records[8]!.body, 'recurse?');
    assert.ok(!records.some((r) => String(r.body).includes('processor saw it')));
    assert.ok(!records.some((r) => String(r.body).includes('diagnostic')));
    assert.equal(records[9]!.body, 'inside a span');
    assert.equal(records[9]!.spanId, spanId);
    assert.equal(records[0]!.spanId, undefined);
    assert.match(plain.stdout, /processor saw it/);
    assert.match(plain.stderr, /zerotel: a diagnostic goes through console\.warn/);
    assert.match(plain.stdout, /after release\n$/);
  });
});

describe('the console bridge in process', () => {
  /** Replaces console methods with recorders, so "the original" is observable and the test output stays clean. */
  function stubConsole(t: { after(fn: () => void): void }): Record<Method, unknown[][]> {
    const calls = { log: [], info: [], warn: [], error: [], debug: [] } as Record<Method, unknown[][]>;
    const target = console as unknown as Record<Method, (...args: unknown[]) => void>;
    const saved = METHODS.map((m) => target[m]);
    for (const m of METHODS) target[m] = (...args: unknown[]) => void calls[m].push(args);
    t.after(() => {
      releaseConsole();
      METHODS.forEach((m, i) => (target[m] = saved[i]!));
    });
    return calls;
  }

  test('each method passes its arguments through unchanged and records util.format of them at its severity', (t) => {
    const calls = stubConsole(t);
    const { provider, records } = testLogs();
    assert.equal(captureConsole({ logger: provider.getLogger('mine') }), true);
    assert.equal(isConsoleCaptured(), true);
    const obj = { a: 1 };
    for (const m of METHODS) console[m]('%s=%d', m, 3, obj);
    for (const m of METHODS) assert.deepEqual(calls[m], [['%s=%d', m, 3, obj]]);
    assert.deepEqual(
      records.map((r) => [r.severityNumber, r.body]),
      METHODS.map((m) => [
        { log: SeverityNumber.INFO, info: SeverityNumber.INFO, warn: SeverityNumber.WARN, error: SeverityNumber.ERROR, debug: SeverityNumber.DEBUG }[m],
        format('%s=%d', m, 3, obj),
      ]),
    );
    assert.equal(records[0]!.instrumentationScope.name, 'mine');
  });

  test('capturing twice changes nothing; release restores the original methods', (t) => {
    stubConsole(t);
    const before = console.log;
    const { provider, records } = testLogs();
    captureConsole({ logger: provider.getLogger('x') });
    assert.equal(captureConsole(), false);
    assert.notEqual(console.log, before);
    releaseConsole();
    releaseConsole();
    assert.equal(isConsoleCaptured(), false);
    assert.equal(console.log, before);
    console.log('not recorded');
    assert.equal(records.length, 0);
  });

  test('a wrapper installed on top of ours survives release, and ours inside it stops recording', (t) => {
    const calls = stubConsole(t);
    const { provider, records } = testLogs();
    captureConsole({ logger: provider.getLogger('x') });
    const ours = console.log;
    const theirs = (...args: unknown[]) => ours(...args);
    console.log = theirs;
    releaseConsole();
    assert.equal(console.log, theirs);
    console.log('still printed');
    assert.equal(records.length, 0);
    assert.deepEqual(calls.log, [['still printed']]);
  });

  test('diagnostics, console calls made while processing a record, and disabled severities are not recorded', (t) => {
    const calls = stubConsole(t);
    const collector = new CollectingProcessor();
    const printing = {
      onEmit: () => console.warn('printed by a processor'),
      forceFlush: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
    };
    const { provider, records } = testLogs({ processors: [printing, collector], minSeverity: SeverityNumber.INFO });
    captureConsole({ logger: provider.getLogger('x') });
    diag.warn('from diag');
    console.error('real');
    console.debug('below the minimum');
    assert.deepEqual(
      records.map((r) => r.body),
      ['real'],
    );
    assert.equal(collector.records.length, 1);
    assert.deepEqual(calls.warn, [['zerotel: from diag'], ['printed by a processor']]);
    assert.deepEqual(calls.debug, [['below the minimum']]);
  });

  test('without an explicit logger the global provider’s "console" logger records, even one set after capture', (t) => {
    stubConsole(t);
    const first = testLogs();
    const prev = setLoggerProvider(first.provider);
    t.after(() => {
      if (prev !== undefined) setLoggerProvider(prev);
    });
    captureConsole();
    console.info('one');
    const second = testLogs();
    setLoggerProvider(second.provider);
    console.info('two');
    assert.deepEqual(
      first.records.map((r) => r.body),
      ['one'],
    );
    assert.deepEqual(
      second.records.map((r) => r.body),
      ['two'],
    );
    assert.equal(second.records[0]!.instrumentationScope.name, 'console');
  });

  test('a failure while recording is reported through diag and the print still happens', (t) => {
    const calls = stubConsole(t);
    const broken = {
      enabled: () => {
        throw new Error('logger exploded');
      },
      emit: () => {},
    };
    captureConsole({ logger: broken as never });
    console.log('printed anyway');
    assert.deepEqual(calls.log, [['printed anyway']]);
    assert.ok(calls.error.some((args) => String(args[0]).includes('logger exploded')));
  });
});

describe('console.dir', () => {
  test('console.dir passes its arguments through and records what it prints (util.inspect with its options) at INFO', (t) => {
    const target = console as unknown as { dir: (...args: unknown[]) => void };
    const saved = target.dir;
    const calls: unknown[][] = [];
    target.dir = (...args: unknown[]) => void calls.push(args);
    t.after(() => {
      releaseConsole();
      target.dir = saved;
    });
    const { provider, records } = testLogs();
    captureConsole({ logger: provider.getLogger('mine') });
    const obj = { a: { b: { c: { d: 1 } } }, [Symbol.for('nodejs.util.inspect.custom')]: () => 'custom' };
    console.dir(obj, { depth: 0 });
    console.dir('text');
    assert.deepEqual(calls, [[obj, { depth: 0 }], ['text']]);
    assert.deepEqual(
      records.map((r) => [r.severityNumber, r.body]),
      [
        [SeverityNumber.INFO, inspect(obj, { customInspect: false, depth: 0 })],
        [SeverityNumber.INFO, inspect('text', { customInspect: false })],
      ],
    );
  });
});
