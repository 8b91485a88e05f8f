/**
 * The logs pipeline end to end: batch processor on the shared ring buffer,
 * OTLP/HTTP logs exporter to a loopback collector (protobuf and JSON), the
 * console exporter, the environment config, and `zerotel/register` flushing
 * logs at exit in a child process.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { BLRP_DEFAULTS, BatchLogRecordProcessor } from '../../lib/pipeline/batch-log-record-processor.js';
import { ConsoleLogRecordExporter } from '../../lib/pipeline/console-log-record-exporter.js';
import { OtlpHttpLogExporter, DEFAULT_LOGS_URL } from '../../lib/exporters/otlp-logs-exporter.js';
import { batchLogOptionsFromEnv, logRecordLimitsFromEnv, logsConfigFromEnv, logsExporters } from '../../lib/config/logs-config.js';
import { logRecordProcessorsFor, setupLogs } from '../../lib/setup/logs-setup.js';
import { getLoggerProvider, logger, setLoggerProvider } from '../../lib/logs/api.js';
import { isConsoleCaptured } from '../../lib/logs/console-bridge.js';
import { InMemoryLogRecordExporter } from '../../lib/pipeline/in-memory-log-record-exporter.js';
import type { LogRecord } from '../../lib/logs/log-record.js';
import { LoggerProvider } from '../../lib/logs/logger-provider.js';
import { SimpleLogRecordProcessor } from '../../lib/pipeline/simple-log-record-processor.js';
import { decodeLogsRequest } from '../../lib/otlp/logs-reader.js';
import type { OtlpLogRecord, OtlpLogsRequest } from '../../lib/otlp/logs-reader.js';
import { Resource } from '../../lib/common/resource.js';
import { EXPORT_SUCCESS } from '../../lib/trace/span-exporter.js';
import { captureDiag } from '../helpers/diag.js';
import { FIXTURES, LIB_BUILD } from '../helpers/paths.js';

interface Received {
  path: string;
  contentType: string;
  body: Buffer;
}

/** A loopback OTLP/HTTP collector that keeps every request. */
async function collector(t: { after(fn: () => Promise<void> | void): void }): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', contentType: String(req.headers['content-type']), body: Buffer.concat(chunks) });
      res.writeHead(200, { 'content-type': String(req.headers['content-type']) });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

function allRecords(req: OtlpLogsRequest): OtlpLogRecord[] {
  return req.resourceLogs.flatMap((rl) => rl.scopeLogs.flatMap((sl) => sl.logRecords));
}

function bodyText(r: OtlpLogRecord): string | undefined {
  return r.body?.stringValue;
}

describe('the batch log record processor', () => {
  test('uses the OTEL_BLRP defaults: queue 2048, batch 512, delay 1000 ms, timeout 30000 ms', () => {
    assert.deepEqual(BLRP_DEFAULTS, { maxQueueSize: 2048, maxExportBatchSize: 512, scheduledDelayMillis: 1000, exportTimeoutMillis: 30000 });
    assert.deepEqual(new BatchLogRecordProcessor(new InMemoryLogRecordExporter()).options, BLRP_DEFAULTS);
  });

  test('exports full batches, drops and counts what overflows the queue, and flushes the rest', async () => {
    const diag = captureDiag();
    try {
      const batches: number[] = [];
      const exporter = {
        export: (records: readonly LogRecord[]) => {
          batches.push(records.length);
          return Promise.resolve(EXPORT_SUCCESS);
        },
        shutdown: () => Promise.resolve(),
      };
      const blrp = new BatchLogRecordProcessor(exporter, { maxQueueSize: 8, maxExportBatchSize: 4, scheduledDelayMillis: 60_000 });
      const log = new LoggerProvider({ processors: [blrp] }).getLogger('app');
      for (let i = 0; i < 10; i++) log.info(`m${i}`);
      assert.equal(blrp.dropped, 2);
      assert.equal(blrp.queued, 8);
      await blrp.forceFlush();
      assert.equal(blrp.exported, 8);
      assert.deepEqual(batches, [4, 4]);
      await blrp.shutdown();
      log.info('after shutdown');
      assert.equal(blrp.dropped, 3);
      assert.equal(blrp.failed, 0);
      assert.ok(diag.messages.some((m) => m.message.includes('blrp.log')));
    } finally {
      diag.restore();
    }
  });
});

describe('the OTLP/HTTP logs exporter', () => {
  for (const protocol of ['http/protobuf', 'http/json'] as const) {
    test(`sends batched records to /v1/logs as ${protocol}, with trace correlation intact`, async (t) => {
      const c = await collector(t);
      const exporter = new OtlpHttpLogExporter({ url: `${c.url}/v1/logs`, protocol });
      const provider = new LoggerProvider({
        resource: new Resource({ 'service.name': 'pipeline-test' }),
        processors: [new BatchLogRecordProcessor(exporter)],
      });
      const log = provider.getLogger('pipe', '1.0');
      log.info('first', { n: 1 });
      log.error(new RangeError('second'));
      await provider.shutdown();
      assert.equal(c.received.length, 1);
      const got = c.received[0]!;
      assert.equal(got.path, '/v1/logs');
      const decoded: OtlpLogsRequest =
        protocol === 'http/json' ? (JSON.parse(got.body.toString('utf8')) as OtlpLogsRequest) : decodeLogsRequest(new Uint8Array(got.body));
      assert.equal(got.contentType, protocol === 'http/json' ? 'application/json' : 'application/x-protobuf');
      const rl = decoded.resourceLogs[0]!;
      assert.ok(rl.resource!.attributes.some((kv) => kv.key === 'service.name' && kv.value.stringValue === 'pipeline-test'));
      assert.deepEqual(rl.scopeLogs[0]!.scope, { name: 'pipe', version: '1.0' });
      const records = allRecords(decoded);
      assert.deepEqual(records.map(bodyText), ['first', 'second']);
      assert.equal(records[1]!.severityNumber, 17);
      assert.ok(records[1]!.attributes!.some((kv) => kv.key === 'exception.type' && kv.value.stringValue === 'RangeError'));
    });
  }

  test('defaults to the standard local endpoint', () => {
    assert.equal(new OtlpHttpLogExporter().url, DEFAULT_LOGS_URL);
    assert.equal(DEFAULT_LOGS_URL, 'http://localhost:4318/v1/logs');
  });
});

describe('the console log record exporter', () => {
  test('writes one OTLP/JSON LogRecord per line and refuses after shutdown', async () => {
    const lines: string[] = [];
    const exporter = new ConsoleLogRecordExporter((l) => lines.push(l));
    const provider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor(exporter)] });
    provider.getLogger('c').warn('to the console', { k: 'v' });
    await provider.forceFlush();
    assert.equal(lines.length, 1);
    const parsed = JSON.parse(lines[0]!) as OtlpLogRecord;
    assert.equal(parsed.severityNumber, 13);
    assert.deepEqual(parsed.body, { stringValue: 'to the console' });
    await exporter.shutdown();
    assert.equal((await exporter.export([])).code, 'failure');
    const throwing = new ConsoleLogRecordExporter(() => {
      throw new Error('stdout closed');
    });
    const memory = new InMemoryLogRecordExporter();
    const p2 = new LoggerProvider({ processors: [new SimpleLogRecordProcessor(memory)] });
    p2.getLogger('c').info('x');
    await p2.forceFlush();
    const r = await throwing.export(memory.getFinishedLogRecords());
    assert.equal(r.code, 'failure');
  });
});

describe('logs configuration from the environment', () => {
  const exporterCases: Array<[string | undefined, string[]]> = [
    [undefined, ['otlp']],
    ['', ['otlp']],
    ['none', []],
    ['console', ['console']],
    ['otlp,console,otlp', ['otlp', 'console']],
    ['OTLP, bogus', ['otlp']],
  ];
  for (const [value, expected] of exporterCases) {
    test(`OTEL_LOGS_EXPORTER=${JSON.stringify(value)} selects ${JSON.stringify(expected)}`, () => {
      const diag = captureDiag();
      try {
        assert.deepEqual(logsExporters(value === undefined ? {} : { OTEL_LOGS_EXPORTER: value }), expected);
        if (value?.includes('bogus')) assert.ok(diag.messages.some((m) => m.message.includes('"bogus"')));
      } finally {
        diag.restore();
      }
    });
  }

  test('OTEL_BLRP_* set the batch options; invalid values fall back to the defaults with a warning', () => {
    const diag = captureDiag();
    try {
      assert.deepEqual(
        batchLogOptionsFromEnv({ OTEL_BLRP_MAX_QUEUE_SIZE: '100', OTEL_BLRP_MAX_EXPORT_BATCH_SIZE: '10', OTEL_BLRP_SCHEDULE_DELAY: '50', OTEL_BLRP_EXPORT_TIMEOUT: '500' }),
        { maxQueueSize: 100, maxExportBatchSize: 10, scheduledDelayMillis: 50, exportTimeoutMillis: 500 },
      );
      assert.deepEqual(batchLogOptionsFromEnv({ OTEL_BLRP_MAX_QUEUE_SIZE: 'lots', OTEL_BLRP_SCHEDULE_DELAY: '-1' }), BLRP_DEFAULTS);
      assert.equal(batchLogOptionsFromEnv({ OTEL_BLRP_MAX_QUEUE_SIZE: '10', OTEL_BLRP_MAX_EXPORT_BATCH_SIZE: '50' }).maxExportBatchSize, 10);
      assert.ok(diag.messages.some((m) => m.message.includes('OTEL_BLRP_MAX_QUEUE_SIZE')));
    } finally {
      diag.restore();
    }
  });

  test('OTEL_LOGRECORD_ATTRIBUTE_* limits win over OTEL_ATTRIBUTE_* ones', () => {
    assert.deepEqual(logRecordLimitsFromEnv({}), {});
    assert.deepEqual(logRecordLimitsFromEnv({ OTEL_ATTRIBUTE_COUNT_LIMIT: '5', OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '20' }), {
      attributeCountLimit: 5,
      attributeValueLengthLimit: 20,
    });
    assert.deepEqual(
      logRecordLimitsFromEnv({ OTEL_ATTRIBUTE_COUNT_LIMIT: '5', OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT: '3', OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT: '7' }),
      { attributeCountLimit: 3, attributeValueLengthLimit: 7 },
    );
  });

  test('OTEL_EXPORTER_OTLP_LOGS_* configure the exporter over the general OTLP variables', () => {
    const config = logsConfigFromEnv({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_HEADERS: 'a=1',
      OTEL_EXPORTER_OTLP_LOGS_HEADERS: 'b=2',
      OTEL_EXPORTER_OTLP_LOGS_TIMEOUT: '1234',
    });
    assert.equal(config.otlp.url, 'http://collector:4318/v1/logs');
    assert.equal(config.otlp.protocol, 'http/json');
    assert.deepEqual(config.otlp.headers, { a: '1', b: '2' });
    assert.equal(config.otlp.timeoutMillis, 1234);
    assert.equal(config.captureConsole, false);
    assert.equal(logsConfigFromEnv({ OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'http://x:1/custom' }).otlp.url, 'http://x:1/custom');
  });

  test('setupLogs installs the global provider with the configured processors, limits and console capture', async (t) => {
    const prev = getLoggerProvider();
    t.after(() => void setLoggerProvider(prev));
    const config = logsConfigFromEnv({ OTEL_LOGS_EXPORTER: 'console,otlp', OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT: '1', ZEROTEL_CAPTURE_CONSOLE: 'true' });
    const processors = await logRecordProcessorsFor(config);
    assert.equal(processors.length, 2);
    assert.ok(processors[0] instanceof SimpleLogRecordProcessor);
    assert.ok(processors[1] instanceof BatchLogRecordProcessor);
    await Promise.all(processors.map((p) => p.shutdown()));

    const handle = await setupLogs({ ...config, exporters: [], captureConsole: false }, new Resource({ 'service.name': 'setup' }));
    assert.equal(isConsoleCaptured(), false, 'no exporter: nothing to capture for');
    assert.equal(getLoggerProvider().limits.attributeCountLimit, 1);
    assert.equal(getLoggerProvider().resource.attributes['service.name'], 'setup');
    await handle.forceFlush();
    await handle.shutdown();

    const memory = new InMemoryLogRecordExporter();
    const captured = await setupLogs({ ...config, exporters: ['console'] }, new Resource({}));
    getLoggerProvider().addLogRecordProcessor(new SimpleLogRecordProcessor(memory));
    assert.equal(isConsoleCaptured(), true);
    await captured.shutdown();
    assert.equal(isConsoleCaptured(), false);
    logger.info('after shutdown goes nowhere');
  });
});

describe('zerotel/register with logs', () => {
  test('a child process started with --import register sends its logs, correlated and captured, to the collector before it exits', async (t) => {
    const c = await collector(t);
    const run = promisify(execFile);
    const { stdout } = await run(process.execPath, ['--import', pathToFileURL(join(LIB_BUILD, 'register.js')).href, join(FIXTURES, 'logs', 'register-child.mjs')], {
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        ZEROTEL_LIB: LIB_BUILD,
        OTEL_EXPORTER_OTLP_ENDPOINT: c.url,
        OTEL_SERVICE_NAME: 'register-child',
        ZEROTEL_CAPTURE_CONSOLE: 'true',
        OTEL_LOGS_EXPORTER: 'otlp',
        OTEL_TRACES_EXPORTER: 'otlp',
      },
      encoding: 'utf8',
      timeout: 10_000,
    });
    assert.equal(stdout, 'printed and captured 1\n', 'the console still prints');
    const logs = c.received.filter((r) => r.path === '/v1/logs');
    assert.ok(logs.length >= 1, `expected a /v1/logs request, got ${c.received.map((r) => r.path).join(', ')}`);
    const records = logs.flatMap((r) => allRecords(decodeLogsRequest(new Uint8Array(r.body))));
    assert.deepEqual(records.map(bodyText).sort(), ['exploded', 'printed and captured 1', 'service started', 'slow dependency']);
    const inSpan = records.filter((r) => r.traceId !== undefined);
    assert.deepEqual(inSpan.map(bodyText).sort(), ['printed and captured 1', 'slow dependency']);
    assert.equal(inSpan[0]!.spanId, inSpan[1]!.spanId);
    const traces = c.received.filter((r) => r.path === '/v1/traces');
    assert.ok(traces.length >= 1, 'the span was exported too');
  });
});
