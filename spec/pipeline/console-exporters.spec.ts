import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConsoleLogRecordExporter } from '../../lib/pipeline/console-log-record-exporter.js';
import { ConsoleSpanExporter } from '../../lib/pipeline/console-span-exporter.js';
import { captureConsole, releaseConsole } from '../../lib/logs/console-bridge.js';
import { InMemoryLogRecordExporter } from '../../lib/pipeline/in-memory-log-record-exporter.js';
import { LoggerProvider } from '../../lib/logs/logger-provider.js';
import { SimpleLogRecordProcessor } from '../../lib/pipeline/simple-log-record-processor.js';
import { ConsoleMetricExporter } from '../../lib/pipeline/metric-exporters.js';
import { MeterProvider } from '../../lib/metrics/meter-provider.js';
import { MetricReader } from '../../lib/metrics/metric-reader.js';
import { TracerProvider } from '../../lib/trace/tracer-provider.js';

test('console exporters print to stdout, not through console.log, so the console bridge never records them', async (t) => {
  const written: string[] = [];
  t.mock.method(process.stdout, 'write', (chunk: string) => {
    written.push(String(chunk));
    return true;
  });
  const captured = new InMemoryLogRecordExporter();
  const logs = new LoggerProvider({ processors: [new SimpleLogRecordProcessor(captured)] });
  captureConsole({ logger: logs.getLogger('console') });
  t.after(() => releaseConsole());

  const span = new TracerProvider().getTracer('t').startSpan('printed');
  span.end();
  assert.equal((await new ConsoleSpanExporter().export([span])).code, 'success');

  const logger = logs.getLogger('app');
  logger.info('hello');
  const records = captured.getFinishedLogRecords();
  assert.equal((await new ConsoleLogRecordExporter().export(records)).code, 'success');

  const reader = new MetricReader();
  const meters = new MeterProvider({ readers: [reader] });
  meters.getMeter('m').createCounter('printed.count').add(1);
  const collected = await reader.collect();
  assert.ok(collected);
  assert.equal((await new ConsoleMetricExporter().export(collected)).code, 'success');

  assert.ok(written.some((l) => l.includes('"name":"printed"') && l.endsWith('\n')), 'the span line');
  assert.ok(written.some((l) => l.includes('"hello"')), 'the log line');
  assert.ok(written.some((l) => l.includes('printed.count')), 'the metric line');
  assert.deepEqual(captured.getFinishedLogRecords().map((r) => r.body), ['hello'], 'nothing printed by an exporter became a log record');
});
