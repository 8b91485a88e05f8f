import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { epochNanosBigInt, now } from '../../lib/common/time.js';
import { getLogger, getLoggerProvider, logger, setLoggerProvider } from '../../lib/logs/api.js';
import { InMemoryLogRecordExporter } from '../../lib/pipeline/in-memory-log-record-exporter.js';
import type { LogRecordProcessor } from '../../lib/logs/log-record-processor.js';
import { LoggerProvider } from '../../lib/logs/logger-provider.js';
import { SimpleLogRecordProcessor } from '../../lib/pipeline/simple-log-record-processor.js';
import { SeverityNumber, severityFromName, severityName } from '../../lib/logs/severity.js';
import { Resource } from '../../lib/common/resource.js';
import { captureDiag } from '../helpers/diag.js';
import { droppedCounts } from '../../lib/common/diag.js';
import { CollectingProcessor, testLogs } from '../helpers/logs.js';

describe('the convenience logger', () => {
  const levels = [
    ['trace', SeverityNumber.TRACE, 'TRACE'],
    ['debug', SeverityNumber.DEBUG, 'DEBUG'],
    ['info', SeverityNumber.INFO, 'INFO'],
    ['warn', SeverityNumber.WARN, 'WARN'],
    ['error', SeverityNumber.ERROR, 'ERROR'],
    ['fatal', SeverityNumber.FATAL, 'FATAL'],
  ] as const;
  for (const [method, number, text] of levels) {
    test(`${method}(msg, attrs) records severity ${number} "${text}", the message as body and the attributes`, () => {
      const { provider, records } = testLogs();
      const before = now();
      provider.getLogger('app')[method]('hello', { 'user.id': 7, ok: true });
      const r = records[0]!;
      assert.equal(r.severityNumber, number);
      assert.equal(r.severityText, text);
      assert.equal(r.body, 'hello');
      assert.deepEqual({ ...r.attributes }, { 'user.id': 7, ok: true });
      assert.ok(r.timestamp >= before && r.timestamp <= now());
      assert.equal(r.observedTimestamp, r.timestamp);
      assert.equal(r.instrumentationScope.name, 'app');
      assert.equal(r.resource, provider.resource);
    });
  }

  test('error(err) turns the Error into exception.type, exception.message and exception.stacktrace', () => {
    const { provider, records } = testLogs();
    const err = new TypeError('bad input');
    provider.getLogger('app').error(err, { 'request.id': 'r1' });
    const r = records[0]!;
    assert.equal(r.body, 'bad input');
    assert.equal(r.attributes!['exception.type'], 'TypeError');
    assert.equal(r.attributes!['exception.message'], 'bad input');
    assert.equal(r.attributes!['exception.stacktrace'], err.stack);
    assert.equal(r.attributes!['request.id'], 'r1');
  });

  test('error(msg, err) keeps the message as body and records the exception', () => {
    const { provider, records } = testLogs();
    const err = Object.assign(new Error('ECONNRESET'), { name: 'SystemError' });
    provider.getLogger('app').error('payment failed', err);
    assert.equal(records[0]!.body, 'payment failed');
    assert.equal(records[0]!.attributes!['exception.type'], 'SystemError');
  });

  test('a non-string message is kept as an AnyValue body, or as its string form when it is not one', () => {
    const { provider, records } = testLogs();
    const log = provider.getLogger('app');
    log.info({ event: 'login', tries: [1, 2] });
    log.info(new Map([[1, 2]]));
    log.info(42);
    assert.deepEqual(records[0]!.body, { event: 'login', tries: [1, 2] });
    assert.equal(records[1]!.body, '[object Map]');
    assert.equal(records[2]!.body, 42);
  });

  test('records below the provider minimum severity are skipped, and enabled() says so', () => {
    const { provider, records } = testLogs({ minSeverity: SeverityNumber.INFO });
    const log = provider.getLogger('app');
    log.debug('noise');
    log.emit({ severityNumber: SeverityNumber.DEBUG, body: 'noise' });
    log.info('signal');
    log.emit({ body: 'unspecified severity is kept' });
    assert.deepEqual(
      records.map((r) => r.body),
      ['signal', 'unspecified severity is kept'],
    );
    assert.equal(log.enabled(SeverityNumber.DEBUG), false);
    assert.equal(log.enabled(SeverityNumber.WARN), true);
    assert.equal(log.enabled(), true);
  });

  test('a provider without processors builds no record and reports not enabled', () => {
    const provider = new LoggerProvider();
    const log = provider.getLogger('app');
    assert.equal(log.enabled(), false);
    log.info('nobody listens');
    log.emit({ body: 'nobody' });
    provider.addLogRecordProcessor(new CollectingProcessor());
    assert.equal(log.enabled(), true);
  });
});

describe('Logger.emit follows the logs API', () => {
  test('timestamps, severity, body, attributes and event name are recorded as given', () => {
    const { provider, records } = testLogs();
    provider.getLogger('app').emit({
      timestamp: new Date(Date.UTC(2025, 0, 2, 3, 4, 5)),
      observedTimestamp: [1735787045, 500_000_000],
      severityNumber: SeverityNumber.WARN2,
      severityText: 'warning',
      body: { nested: [1, 'a', true, new Uint8Array([1, 2])] },
      attributes: { k: 'v' },
      eventName: 'app.started',
    });
    const r = records[0]!;
    assert.equal(epochNanosBigInt(r.timestamp) / 1000n, 1735787045000000n);
    assert.equal(epochNanosBigInt(r.observedTimestamp) / 1000n, 1735787045500000n);
    assert.equal(r.severityNumber, 14);
    assert.equal(r.severityText, 'warning');
    assert.equal(r.eventName, 'app.started');
    assert.deepEqual({ ...r.attributes }, { k: 'v' });
  });

  test('without a timestamp the record takes its observed time', () => {
    const { provider, records } = testLogs();
    provider.getLogger('app').emit({ body: 'x' });
    assert.equal(records[0]!.timestamp, records[0]!.observedTimestamp);
  });

  test('exception adds exception.* attributes without overwriting the caller’s', () => {
    const { provider, records } = testLogs();
    const log = provider.getLogger('app');
    log.emit({ body: 'x', attributes: { 'exception.message': 'mine' }, exception: new RangeError('theirs') });
    log.emit({ body: 'y', exception: 'just a string' });
    log.emit({ body: 'z', exception: { code: 'E_FAIL' } });
    log.emit({ body: 'w', exception: 17 });
    assert.equal(records[0]!.attributes!['exception.message'], 'mine');
    assert.equal(records[0]!.attributes!['exception.type'], 'RangeError');
    assert.deepEqual({ ...records[1]!.attributes }, { 'exception.message': 'just a string' });
    assert.deepEqual({ ...records[2]!.attributes }, { 'exception.type': 'E_FAIL' });
    assert.deepEqual({ ...records[3]!.attributes }, { 'exception.message': '17' });
  });

  test('bad input is reported and replaced, never thrown', () => {
    const diag = captureDiag();
    try {
      const { provider, records } = testLogs();
      const log = provider.getLogger('app');
      log.emit(null as never);
      log.emit({ severityNumber: 99, body: Symbol('s') as never });
      assert.equal(records.length, 1);
      assert.equal(records[0]!.severityNumber, 0);
      assert.equal(records[0]!.body, 'Symbol(s)');
      assert.ok(diag.messages.some((m) => m.message.includes('severity number 99')));
      assert.ok(diag.messages.some((m) => m.message.includes('needs a log record object')));
    } finally {
      diag.restore();
    }
  });

  test('a throwing processor is reported and the next processor still sees the record', async () => {
    const diag = captureDiag();
    try {
      const bad: LogRecordProcessor = {
        onEmit() {
          throw new Error('boom');
        },
        forceFlush: () => Promise.reject(new Error('flush boom')),
        shutdown: () => Promise.reject(new Error('shutdown boom')),
      };
      const { provider, records } = testLogs({ processors: [bad] });
      assert.doesNotThrow(() => provider.getLogger('app').info('still here'));
      assert.equal(records.length, 1);
      assert.ok(diag.messages.some((m) => m.message.includes('boom')));
      await provider.forceFlush();
      await provider.shutdown();
      assert.ok(diag.messages.some((m) => m.message.includes('flush boom')));
      assert.ok(diag.messages.some((m) => m.message.includes('shutdown boom')));
    } finally {
      diag.restore();
    }
  });
});

describe('providers, processors and the global API', () => {
  test('getLogger returns one logger per name, version and schema URL, with the scope as given', () => {
    const provider = new LoggerProvider({ resource: new Resource({ 'service.name': 'svc' }) });
    const a = provider.getLogger('lib', '1.0', { schemaUrl: 'https://s', attributes: { x: 1 } });
    assert.equal(provider.getLogger('lib', '1.0', { schemaUrl: 'https://s' }), a);
    assert.notEqual(provider.getLogger('lib', '2.0'), a);
    assert.deepEqual({ ...a.scope, attributes: { ...a.scope.attributes } }, { name: 'lib', version: '1.0', schemaUrl: 'https://s', attributes: { x: 1 } });
    assert.equal(provider.getLogger('').scope.name, '');
    assert.equal(a.resource.attributes['service.name'], 'svc');
    assert.equal(a.resource.attributes['telemetry.sdk.name'], 'zerotel');
  });

  test('the simple processor exports each record to the in-memory exporter and stops after shutdown', async () => {
    const exporter = new InMemoryLogRecordExporter();
    const provider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor(exporter)] });
    provider.getLogger('app').info('one');
    await provider.forceFlush();
    assert.deepEqual(
      exporter.getFinishedLogRecords().map((r) => r.body),
      ['one'],
    );
    exporter.reset();
    assert.equal(exporter.getFinishedLogRecords().length, 0);
    const diag = captureDiag();
    try {
      const processor = provider.processor.processors[0]!;
      await provider.shutdown();
      await provider.shutdown();
      assert.equal(provider.getLogger('app').enabled(), false, 'a shut-down provider builds no more records');
      provider.getLogger('app').info('late');
      processor.onEmit(exporter.getFinishedLogRecords()[0] ?? ({} as never), undefined as never);
      assert.ok(diag.messages.some((m) => m.message.includes('after the processor was shut down')));
      assert.equal((await exporter.export([])).code, 'failure');
    } finally {
      diag.restore();
    }
  });

  test('the simple processor reports failed and throwing exports', async () => {
    const diag = captureDiag();
    try {
      const failing = new SimpleLogRecordProcessor({
        export: () => Promise.resolve({ code: 'failure', error: new Error('collector down') }),
        shutdown: () => Promise.resolve(),
      });
      const throwing = new SimpleLogRecordProcessor({
        export: () => {
          throw new Error('sync throw');
        },
        shutdown: () => Promise.resolve(),
      });
      const rejecting = new SimpleLogRecordProcessor({
        export: () => Promise.reject(new Error('async reject')),
        shutdown: () => Promise.resolve(),
      });
      const provider = new LoggerProvider({ processors: [failing, throwing, rejecting] });
      provider.getLogger('app').info('x');
      await provider.forceFlush();
      const text = diag.messages.map((m) => m.message).join('\n');
      assert.match(text, /collector down/);
      assert.match(text, /sync throw/);
      // All three records are counted as lost; the rejection is summed into the throw's line (one line per cause per interval).
      assert.equal(droppedCounts()['slp.record.export-failed'], 3);
    } finally {
      diag.restore();
    }
  });

  test('the global logger writes through whichever provider is global at the time of the call', () => {
    const first = testLogs();
    const second = testLogs();
    const prev = setLoggerProvider(first.provider);
    try {
      logger.info('to first');
      assert.equal(getLogger().delegate, first.provider.getLogger('zerotel', getLogger().scope.version));
      setLoggerProvider(second.provider);
      logger.warn('to second');
      logger.trace('t');
      logger.debug('d');
      logger.error('e');
      logger.fatal('f');
      logger.emit({ body: 'raw' });
      assert.equal(logger.enabled(), true);
      getLogger('named', '1').info('named');
      assert.deepEqual(
        first.records.map((r) => r.body),
        ['to first'],
      );
      assert.deepEqual(
        second.records.map((r) => r.body),
        ['to second', 't', 'd', 'e', 'f', 'raw', 'named'],
      );
      assert.equal(second.records[6]!.instrumentationScope.name, 'named');
      assert.equal(getLoggerProvider(), second.provider);
    } finally {
      if (prev !== undefined) setLoggerProvider(prev);
    }
  });
});

describe('the severity scale', () => {
  const names: Array<[number, string | undefined]> = [
    [0, undefined],
    [1, 'TRACE'],
    [4, 'TRACE4'],
    [9, 'INFO'],
    [14, 'WARN2'],
    [24, 'FATAL4'],
    [25, undefined],
    [2.5, undefined],
  ];
  for (const [n, name] of names) {
    test(`severity ${n} is named ${String(name)}`, () => assert.equal(severityName(n), name));
  }
  const mapped: Array<[string, number]> = [
    ['verbose', 1],
    ['DEBUG', 5],
    ['log', 9],
    ['warning', 13],
    ['err', 17],
    ['critical', 21],
    ['whatever', 0],
  ];
  for (const [name, n] of mapped) {
    test(`the name "${name}" maps to severity ${n}`, () => assert.equal(severityFromName(name), n));
  }
});
