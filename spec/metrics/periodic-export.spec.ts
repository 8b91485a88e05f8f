import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import { metricsConfigFromEnv } from '../../lib/config/metrics-config.js';
import { metricReadersFor } from '../../lib/setup/metrics-setup.js';
import { OtlpHttpMetricExporter } from '../../lib/exporters/otlp-metrics-exporter.js';
import { PrometheusExporter } from '../../lib/exporters/prometheus-exporter.js';
import { MeterProvider } from '../../lib/metrics/meter-provider.js';
import { AggregationTemporality, InstrumentType } from '../../lib/metrics/metric-data.js';
import type { MetricExporter } from '../../lib/metrics/metric-reader.js';
import { PeriodicExportingMetricReader } from '../../lib/metrics/periodic-reader.js';
import { ConsoleMetricExporter, InMemoryMetricExporter } from '../../lib/pipeline/metric-exporters.js';
import type { OtlpMetricsRequest } from '../../lib/otlp/metrics-reader.js';
import { decodeMetricsRequest } from '../../lib/otlp/metrics-reader.js';
import { startCollector } from '../helpers/collector.js';
import { FIXTURES, LIB_BUILD } from '../helpers/paths.js';
import { valueOf } from './helpers.js';
import { warningsPerTest } from '../helpers/diag.js';

const messages = warningsPerTest();

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) assert.fail('condition not met in time');
    await sleep(10);
  }
}

describe('periodic exporting reader', () => {
  test('exports on its interval, and forceFlush and shutdown export what is pending', async () => {
    const exporter = new InMemoryMetricExporter();
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 40, exportTimeoutMillis: 40 });
    const provider = new MeterProvider({ readers: [reader] });
    const c = provider.getMeter('m').createCounter('c');
    c.add(1);
    await until(() => exporter.collections.length >= 1);
    assert.equal(valueOf(exporter.collections[0]!, 'c'), 1);
    c.add(2);
    await provider.forceFlush();
    assert.equal(valueOf(exporter.collections.at(-1)!, 'c'), 3);
    c.add(4);
    const before = exporter.collections.length;
    await provider.shutdown();
    assert.ok(exporter.collections.length > before);
    assert.equal(valueOf(exporter.collections.at(-1)!, 'c'), 7);
    assert.equal(await reader.collect(), undefined);
    await provider.shutdown(); // idempotent
  });

  test('nothing is exported while nothing was recorded; a timeout above the interval is lowered with a warning', async () => {
    const exporter = new InMemoryMetricExporter();
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 1000, exportTimeoutMillis: 5000 });
    assert.equal(reader.timeoutMillis, 1000);
    assert.ok(messages.some((m) => m.includes('exceeds the interval')));
    const provider = new MeterProvider({ readers: [reader] });
    provider.getMeter('m').createCounter('unused');
    await provider.forceFlush();
    assert.equal(exporter.collections.length, 0);
    await provider.shutdown();
    const defaults = new PeriodicExportingMetricReader({ exporter: new InMemoryMetricExporter() });
    assert.deepEqual([defaults.intervalMillis, defaults.timeoutMillis], [60000, 30000]);
  });

  test('a failing, throwing or hanging exporter is reported and never throws into the caller', async () => {
    const hang: MetricExporter = { export: () => new Promise(() => {}), shutdown: () => new Promise(() => {}) };
    const fail: MetricExporter = { export: () => Promise.resolve({ code: 'failure', error: new Error('503') }), shutdown: () => Promise.resolve() };
    const boom: MetricExporter = {
      export: () => {
        throw new Error('sync boom');
      },
      shutdown: () => Promise.reject(new Error('shutdown boom')),
      forceFlush: () => Promise.reject(new Error('flush boom')),
    };
    for (const exporter of [hang, fail, boom]) {
      const provider = new MeterProvider({ readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60000, exportTimeoutMillis: 30 })] });
      provider.getMeter('m').createCounter('c').add(1);
      const keepAlive = setTimeout(() => {}, 1000); // the reader's timers are unref'd
      await provider.forceFlush();
      await provider.shutdown();
      clearTimeout(keepAlive);
    }
    assert.ok(messages.some((m) => m.includes('timed out after 30 ms')));
    assert.ok(messages.some((m) => m.includes('metric export failed: 503')));
    assert.ok(messages.some((m) => m.includes('sync boom')));
    assert.ok(messages.some((m) => m.includes('flush boom')));
    assert.ok(messages.some((m) => m.includes('shutdown boom')));
  });

  test('the console exporter prints one JSON line per metric', async () => {
    const lines: string[] = [];
    const exporter = new ConsoleMetricExporter((l) => lines.push(l));
    const provider = new MeterProvider({ readers: [new PeriodicExportingMetricReader({ exporter })] });
    provider.getMeter('m').createHistogram('h', { boundaries: [] }).record(1);
    await provider.shutdown();
    assert.equal(lines.length, 1);
    const parsed = JSON.parse(lines[0]!) as { scope: string; name: string; points: { count: number; min: number }[] };
    assert.deepEqual([parsed.scope, parsed.name, parsed.points[0]!.count, parsed.points[0]!.min], ['m', 'h', 1, 1]);
  });
});

describe('OTLP/HTTP metric exporter', () => {
  for (const protocol of ['http/protobuf', 'http/json'] as const) {
    test(`POSTs ${protocol} to /v1/metrics with the temporality it asks for`, async (t) => {
      const collector = await startCollector();
      t.after(() => collector.close());
      const url = `http://127.0.0.1:${collector.port}/v1/metrics`;
      const config = metricsConfigFromEnv({
        OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: url,
        OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: protocol,
        OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'delta',
      });
      const provider = new MeterProvider({ readers: await metricReadersFor(config) });
      const c = provider.getMeter('m').createCounter('sent');
      c.add(5, { k: 'v' });
      await provider.forceFlush();
      c.add(1, { k: 'v' });
      await provider.shutdown();
      assert.equal(collector.requests.length, 2);
      const values = collector.requests.map((r) => {
        assert.equal(r.path, '/v1/metrics');
        assert.equal(r.headers['content-type'], protocol === 'http/json' ? 'application/json' : 'application/x-protobuf');
        const req: OtlpMetricsRequest = protocol === 'http/json' ? (JSON.parse(r.body.toString('utf8')) as OtlpMetricsRequest) : decodeMetricsRequest(r.body);
        const sum = req.resourceMetrics[0]!.scopeMetrics[0]!.metrics[0]!.sum!;
        assert.equal(sum.aggregationTemporality, AggregationTemporality.DELTA);
        return sum.dataPoints[0]!.asDouble;
      });
      assert.deepEqual(values, [5, 1]);
    });
  }

  test('an unreachable collector is a failure value, reported through diag', async () => {
    const exporter = new OtlpHttpMetricExporter({ url: 'http://127.0.0.1:9/v1/metrics', timeoutMillis: 200, retry: { maxAttempts: 1 } });
    assert.equal(exporter.url, 'http://127.0.0.1:9/v1/metrics');
    const provider = new MeterProvider({ readers: [new PeriodicExportingMetricReader({ exporter, exportTimeoutMillis: 1000 })] });
    provider.getMeter('m').createCounter('c').add(1);
    await provider.shutdown();
    assert.ok(messages.some((m) => m.includes('metric export failed')));
    assert.equal(new OtlpHttpMetricExporter().url, 'http://localhost:4318/v1/metrics');
  });
});

describe('configuration from the environment', () => {
  test('defaults: otlp, 60 s interval, 30 s timeout, cumulative, explicit histograms, Prometheus on 127.0.0.1:9464', () => {
    const c = metricsConfigFromEnv({});
    assert.deepEqual(c.exporters, ['otlp']);
    assert.deepEqual([c.intervalMillis, c.timeoutMillis], [60000, 30000]);
    assert.equal(c.otlp.url, 'http://localhost:4318/v1/metrics');
    assert.equal(c.temporality(InstrumentType.COUNTER), AggregationTemporality.CUMULATIVE);
    assert.equal(c.defaultHistogramAggregation, 'explicit');
    assert.deepEqual(c.prometheus, { host: '127.0.0.1', port: 9464 });
  });

  const temporalities: [string, Record<string, 1 | 2>][] = [
    ['cumulative', { counter: 2, histogram: 2, updowncounter: 2, observablecounter: 2, observableupdowncounter: 2 }],
    ['delta', { counter: 1, histogram: 1, updowncounter: 2, observablecounter: 1, observableupdowncounter: 2 }],
    ['LowMemory', { counter: 1, histogram: 1, updowncounter: 2, observablecounter: 2, observableupdowncounter: 2 }],
  ];
  for (const [pref, expected] of temporalities) {
    test(`OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE=${pref} selects temporalities per instrument kind`, () => {
      const c = metricsConfigFromEnv({ OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: pref });
      for (const [type, t] of Object.entries(expected)) assert.equal(c.temporality(type as InstrumentType), t, type);
    });
  }

  test('explicit settings, an exporter list, and invalid values falling back with a warning', () => {
    const c = metricsConfigFromEnv({
      OTEL_METRICS_EXPORTER: 'prometheus, console,bogus,none',
      OTEL_METRIC_EXPORT_INTERVAL: '1500',
      OTEL_METRIC_EXPORT_TIMEOUT: 'soon',
      OTEL_EXPORTER_PROMETHEUS_HOST: '0.0.0.0',
      OTEL_EXPORTER_PROMETHEUS_PORT: '70000',
      OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION: 'base2_exponential_bucket_histogram',
      OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'sometimes',
    });
    assert.deepEqual(c.exporters, ['prometheus', 'console']);
    // An invalid timeout falls back to its default, min(30000, interval).
    assert.deepEqual([c.intervalMillis, c.timeoutMillis], [1500, 1500]);
    assert.deepEqual(c.prometheus, { host: '0.0.0.0', port: 9464 });
    assert.equal(c.defaultHistogramAggregation, 'exponential');
    assert.equal(c.temporality(InstrumentType.COUNTER), AggregationTemporality.CUMULATIVE);
    for (const what of ['"bogus"', 'OTEL_METRIC_EXPORT_TIMEOUT', 'OTEL_EXPORTER_PROMETHEUS_PORT', 'TEMPORALITY_PREFERENCE']) {
      assert.ok(messages.some((m) => m.includes(what)), what);
    }
    assert.deepEqual(metricsConfigFromEnv({ OTEL_METRICS_EXPORTER: 'none' }).exporters, []);
  });

  test('the readers a config builds: periodic OTLP and console readers, a Prometheus endpoint', async () => {
    const config = metricsConfigFromEnv({ OTEL_METRICS_EXPORTER: 'otlp,console,prometheus', OTEL_EXPORTER_PROMETHEUS_PORT: '0' });
    const readers = await metricReadersFor(config);
    assert.deepEqual(
      readers.map((r) => r.constructor.name),
      ['PeriodicExportingMetricReader', 'PeriodicExportingMetricReader', 'PrometheusExporter'],
    );
    const provider = new MeterProvider({ readers });
    await (readers[2] as PrometheusExporter).ready;
    await provider.shutdown();
  });
});

describe('zerotel/register', () => {
  test('metrics recorded just before a natural exit reach the collector through the seed API', async (t) => {
    const collector = await startCollector();
    t.after(() => collector.close());
    const exit = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', pathToFileURL(join(LIB_BUILD, 'register.js')).href, join(FIXTURES, 'metrics', 'register-app.mjs')], {
        env: {
          PATH: process.env['PATH'] ?? '',
          ZEROTEL_LIB: pathToFileURL(LIB_BUILD).href,
          OTEL_TRACES_EXPORTER: 'none',
          OTEL_LOGS_EXPORTER: 'none',
          OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: `http://127.0.0.1:${collector.port}/v1/metrics`,
          OTEL_SERVICE_NAME: 'metrics-app',
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
      child.on('error', reject);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, stderr });
      });
    });
    assert.equal(exit.stderr, '');
    assert.equal(exit.code, 0);
    const metrics = collector.requests.filter((r) => r.path === '/v1/metrics');
    assert.equal(metrics.length, 1);
    const req = decodeMetricsRequest(metrics[0]!.body);
    const rm = req.resourceMetrics[0]!;
    assert.ok(rm.resource!.attributes.some((a) => a.key === 'service.name' && a.value.stringValue === 'metrics-app'));
    const byName = Object.fromEntries(rm.scopeMetrics[0]!.metrics.map((m) => [m.name, m]));
    assert.equal(rm.scopeMetrics[0]!.scope!.name, 'zerotel');
    assert.equal(byName['app.orders']!.sum!.dataPoints[0]!.asDouble, 5);
    assert.equal(byName['app.latency']!.histogram!.dataPoints[0]!.count, '1');
  });
});
