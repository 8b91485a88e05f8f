/** OTEL_* variables to options: typed readers, endpoint rules, sampler, limits, batch, exporters, setup. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { envBoolean, envEnum, envKeyValues, envLimit, envList, envNumber, envString, processEnv } from '../../lib/config/env.js';
import { otlpExporterConfig, signalUrl } from '../../lib/config/otlp-config.js';
import { resourceFromEnv } from '../../lib/config/resource-config.js';
import { batchSpanOptionsFromEnv, samplerFromEnv, spanLimitsFromEnv, traceConfigFromEnv, tracesExporters } from '../../lib/config/trace-config.js';
import { setupTracing, spanProcessorsFor } from '../../lib/setup/tracing-setup.js';
import { startSdk } from '../../lib/setup/sdk-setup.js';
import { BatchSpanProcessor } from '../../lib/pipeline/batch-span-processor.js';
import { SimpleSpanProcessor } from '../../lib/pipeline/simple-span-processor.js';
import { getTracerProvider, setTracerProvider } from '../../lib/trace/api.js';
import { TracerProvider } from '../../lib/trace/tracer-provider.js';
import { ConsoleSpanExporter } from '../../lib/pipeline/console-span-exporter.js';
import { disableHttpInstrumentation } from '../../lib/instrumentation/http-instrumentation.js';
import { setPropagator } from '../../lib/propagation/propagation.js';
import { captureDiag } from '../helpers/diag.js';

describe('typed environment readers', () => {
  test('every reader returns the default for unset or blank values, silently', () => {
    const diag = captureDiag();
    try {
      const env = { BLANK: '  ' };
      assert.equal(envString(env, 'BLANK'), undefined);
      assert.equal(envNumber(env, 'NOPE', 7), 7);
      assert.equal(envBoolean(env, 'BLANK', true), true);
      assert.equal(envEnum(env, 'NOPE', ['a', 'b'] as const, 'b'), 'b');
      assert.equal(envList(env, 'NOPE'), undefined);
      assert.deepEqual(envKeyValues(env, 'NOPE'), {});
      assert.equal(envLimit(env, 'NOPE'), undefined);
      assert.equal(diag.messages.length, 0);
      assert.equal(processEnv(), process.env, 'the live process environment, not a copy');
    } finally {
      diag.restore();
    }
  });

  const invalid: [string, (env: Record<string, string>) => unknown, string, unknown][] = [
    ['a non-number', (env) => envNumber(env, 'V', 5), 'abc', 5],
    ['a number below the minimum', (env) => envNumber(env, 'V', 5, { min: 0 }), '-1', 5],
    ['a number above the maximum', (env) => envNumber(env, 'V', 1, { max: 1 }), '1.5', 1],
    ['a fraction where an integer is needed', (env) => envNumber(env, 'V', 5, { integer: true }), '2.5', 5],
    ['a boolean that is neither true nor false', (env) => envBoolean(env, 'V', false), 'yes', false],
    ['an enum value outside the set', (env) => envEnum(env, 'V', ['gzip', 'none'] as const, 'none'), 'brotli', 'none'],
    ['a negative limit', (env) => envLimit(env, 'V'), '-3', undefined],
  ];
  for (const [name, read, raw, expected] of invalid) {
    test(`${name} yields the default and a diagnostic naming the variable and the default`, () => {
      const diag = captureDiag();
      try {
        assert.deepEqual(read({ V: raw }), expected);
        assert.equal(diag.messages.length, 1);
        assert.match(diag.messages[0]!.message, new RegExp(`invalid V="${raw.replace('.', '\\.')}".*default`));
      } finally {
        diag.restore();
      }
    });
  }

  test('valid values are read, case-insensitively where the spec says so', () => {
    assert.equal(envNumber({ V: ' 42 ' }, 'V', 0), 42);
    assert.equal(envBoolean({ V: 'TRUE' }, 'V', false), true);
    assert.equal(envBoolean({ V: 'False' }, 'V', true), false);
    assert.equal(envEnum({ V: 'GZIP' }, 'V', ['gzip', 'none'] as const, 'none'), 'gzip');
    assert.deepEqual(envList({ V: 'Otlp, console,,' }, 'V'), ['otlp', 'console']);
    assert.equal(envLimit({ V: '0' }, 'V'), 0);
  });

  test('key=value lists are percent-decoded, and malformed entries are skipped with a diagnostic', () => {
    const diag = captureDiag();
    try {
      const v = envKeyValues({ V: 'a=1, b = two%20words ,noequals,=novalue,c=%E2%9C%93,d=%zz,e=x=y' }, 'V');
      assert.deepEqual(v, { a: '1', b: 'two words', c: '✓', e: 'x=y' });
      assert.equal(diag.messages.length, 3);
    } finally {
      diag.restore();
    }
  });
});

describe('OTLP exporter configuration', () => {
  const urls: [string, Record<string, string>, string][] = [
    ['the default', {}, 'http://localhost:4318/v1/traces'],
    ['the general endpoint plus /v1/traces', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, 'http://collector:4318/v1/traces'],
    ['the general endpoint with a trailing slash', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }, 'http://collector:4318/v1/traces'],
    ['the general endpoint with a path', { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://x.example/otlp' }, 'https://x.example/otlp/v1/traces'],
    ['the signal endpoint as is', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:1', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:2/custom' }, 'http://b:2/custom'],
    ['the general endpoint with a query string', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://h:4318/?x=1' }, 'http://h:4318/v1/traces?x=1'],
  ];
  for (const [name, env, url] of urls) {
    test(`the URL is ${name}`, () => {
      const diag = captureDiag();
      try {
        assert.equal(signalUrl(env, 'traces'), url);
      } finally {
        diag.restore();
      }
    });
  }

  test('signal-specific settings win over general ones, and metrics/logs get their own paths', () => {
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_HEADERS: 'a=1,b=2',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'b=3',
      OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
      OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '2500',
    };
    assert.deepEqual(otlpExporterConfig(env, 'traces'), {
      url: 'http://c:4318/v1/traces',
      protocol: 'http/protobuf',
      headers: { a: '1', b: '3' },
      compression: 'gzip',
      timeoutMillis: 2500,
    });
    assert.equal(otlpExporterConfig(env, 'metrics').protocol, 'http/json');
    assert.equal(otlpExporterConfig(env, 'metrics').url, 'http://c:4318/v1/metrics');
    assert.equal(otlpExporterConfig(env, 'logs').url, 'http://c:4318/v1/logs');
    assert.equal(otlpExporterConfig(env, 'logs').timeoutMillis, 10000);
  });
});

describe('tracing configuration', () => {
  test('the resource takes OTEL_RESOURCE_ATTRIBUTES, and OTEL_SERVICE_NAME wins for service.name', () => {
    const r = resourceFromEnv({ OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-attrs,deployment.environment=prod', OTEL_SERVICE_NAME: 'checkout' });
    assert.deepEqual({ ...r.attributes }, { 'service.name': 'checkout', 'deployment.environment': 'prod' });
  });

  const samplers: [Record<string, string>, string][] = [
    [{}, 'ParentBased{root=AlwaysOnSampler}'],
    [{ OTEL_TRACES_SAMPLER: 'always_on' }, 'AlwaysOnSampler'],
    [{ OTEL_TRACES_SAMPLER: 'always_off' }, 'AlwaysOffSampler'],
    [{ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' }, 'TraceIdRatioBased{0.25}'],
    [{ OTEL_TRACES_SAMPLER: 'traceidratio' }, 'TraceIdRatioBased{1}'],
    [{ OTEL_TRACES_SAMPLER: 'parentbased_always_off' }, 'ParentBased{root=AlwaysOffSampler}'],
    [{ OTEL_TRACES_SAMPLER: 'PARENTBASED_TRACEIDRATIO', OTEL_TRACES_SAMPLER_ARG: '2' }, 'ParentBased{root=TraceIdRatioBased{1}}'],
    [{ OTEL_TRACES_SAMPLER: 'jaeger_remote' }, 'ParentBased{root=AlwaysOnSampler}'],
  ];
  for (const [env, expected] of samplers) {
    test(`OTEL_TRACES_SAMPLER=${env['OTEL_TRACES_SAMPLER'] ?? '(unset)'} ${env['OTEL_TRACES_SAMPLER_ARG'] ?? ''} gives ${expected}`, () => {
      const diag = captureDiag();
      try {
        assert.equal(samplerFromEnv(env).toString(), expected);
      } finally {
        diag.restore();
      }
    });
  }

  test('span limits read the span variables first, then the general attribute ones', () => {
    assert.deepEqual(spanLimitsFromEnv({}), {});
    assert.deepEqual(
      spanLimitsFromEnv({
        OTEL_ATTRIBUTE_COUNT_LIMIT: '10',
        OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '100',
        OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: '20',
        OTEL_SPAN_EVENT_COUNT_LIMIT: '5',
        OTEL_SPAN_LINK_COUNT_LIMIT: '6',
        OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT: '7',
      }),
      { attributeCountLimit: 20, attributeValueLengthLimit: 100, eventCountLimit: 5, linkCountLimit: 6, attributePerEventCountLimit: 7, attributePerLinkCountLimit: 10 },
    );
  });

  test('OTEL_BSP_* set the batch options, and a batch larger than the queue is capped', () => {
    const diag = captureDiag();
    try {
      assert.deepEqual(batchSpanOptionsFromEnv({}), { maxQueueSize: 2048, maxExportBatchSize: 512, scheduledDelayMillis: 5000, exportTimeoutMillis: 30000 });
      assert.deepEqual(
        batchSpanOptionsFromEnv({ OTEL_BSP_MAX_QUEUE_SIZE: '100', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '200', OTEL_BSP_SCHEDULE_DELAY: '10', OTEL_BSP_EXPORT_TIMEOUT: '99' }),
        { maxQueueSize: 100, maxExportBatchSize: 100, scheduledDelayMillis: 10, exportTimeoutMillis: 99 },
      );
      assert.equal(diag.messages.length, 1);
    } finally {
      diag.restore();
    }
  });

  test('OTEL_TRACES_EXPORTER picks otlp (default), console, none, and reports unknown names', () => {
    const diag = captureDiag();
    try {
      assert.deepEqual(tracesExporters({}), ['otlp']);
      assert.deepEqual(tracesExporters({ OTEL_TRACES_EXPORTER: 'none' }), []);
      assert.deepEqual(tracesExporters({ OTEL_TRACES_EXPORTER: 'console,otlp,console' }), ['console', 'otlp']);
      assert.deepEqual(tracesExporters({ OTEL_TRACES_EXPORTER: 'zipkin' }), []);
      assert.match(diag.messages[0]!.message, /unsupported exporter "zipkin"/);
    } finally {
      diag.restore();
    }
  });

  test('the processors follow the exporters: OTLP batched, console immediate', async () => {
    const config = traceConfigFromEnv({ OTEL_TRACES_EXPORTER: 'otlp,console', OTEL_BSP_SCHEDULE_DELAY: '50' });
    const ps = await spanProcessorsFor(config);
    assert.equal(ps.length, 2);
    assert.ok(ps[0] instanceof BatchSpanProcessor);
    assert.equal((ps[0] as BatchSpanProcessor).options.scheduledDelayMillis, 50);
    assert.ok(ps[1] instanceof SimpleSpanProcessor);
  });

  test('setupTracing installs a global provider with the configured resource and sampler', async () => {
    const prev = getTracerProvider();
    try {
      const config = traceConfigFromEnv({ OTEL_TRACES_EXPORTER: 'none', OTEL_TRACES_SAMPLER: 'always_off' });
      const provider = await setupTracing(config, resourceFromEnv({ OTEL_SERVICE_NAME: 'svc' }));
      assert.equal(getTracerProvider(), provider);
      assert.equal(provider.resource.attributes['service.name'], 'svc');
      assert.equal(provider.sampler.toString(), 'AlwaysOffSampler');
      await provider.shutdown();
    } finally {
      setTracerProvider(prev);
    }
  });

  test('OTEL_SDK_DISABLED=true sets nothing up; otherwise the SDK starts and shuts down once', async () => {
    const prev = getTracerProvider();
    try {
      const off = await startSdk({ OTEL_SDK_DISABLED: 'true' });
      assert.equal(off.enabled, false);
      assert.equal(getTracerProvider(), prev);
      await off.forceFlush();
      await off.shutdown();
      const on = await startSdk({
        OTEL_TRACES_EXPORTER: 'console',
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_LOGS_EXPORTER: 'none',
        OTEL_SERVICE_NAME: 'sdk-test',
        OTEL_PROPAGATORS: 'tracecontext',
      });
      assert.equal(on.enabled, true);
      assert.notEqual(getTracerProvider(), prev);
      assert.equal((getTracerProvider() as TracerProvider).resource.attributes['service.name'], 'sdk-test');
      await on.forceFlush();
      assert.equal(on.shutdown(), on.shutdown());
      await on.shutdown();
    } finally {
      disableHttpInstrumentation();
      setPropagator(undefined);
      setTracerProvider(prev);
    }
  });

  test('the console exporter writes one OTLP/JSON span per line', async () => {
    const lines: string[] = [];
    const exporter = new ConsoleSpanExporter((l) => lines.push(l));
    const span = new TracerProvider().getTracer('c').startSpan('console-span');
    span.end();
    assert.deepEqual(await exporter.export([span]), { code: 'success' });
    assert.equal(JSON.parse(lines[0]!).name, 'console-span');
    const failing = new ConsoleSpanExporter(() => {
      throw new Error('stdout closed');
    });
    assert.equal((await failing.export([span])).code, 'failure');
    await exporter.shutdown();
  });
});
