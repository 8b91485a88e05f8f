/** Issue 9's configuration items: bounded queue sizes, limit messages, the metric export timeout, OTEL_LOG_LEVEL. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DiagLevel } from '../../lib/common/diag.js';
import { diagConfigFromEnv } from '../../lib/config/diag-config.js';
import { MAX_QUEUE_SIZE } from '../../lib/config/env.js';
import { batchLogOptionsFromEnv, logRecordLimitsFromEnv } from '../../lib/config/logs-config.js';
import { metricsConfigFromEnv } from '../../lib/config/metrics-config.js';
import { batchSpanOptionsFromEnv, spanLimitsFromEnv } from '../../lib/config/trace-config.js';
import { metricReadersFor } from '../../lib/setup/metrics-setup.js';
import { captureDiag } from '../helpers/diag.js';

describe('batch queue sizes are bounded', () => {
  const cases: [string, (env: Record<string, string>) => { maxQueueSize: number; maxExportBatchSize: number }][] = [
    ['OTEL_BSP_MAX_QUEUE_SIZE', batchSpanOptionsFromEnv],
    ['OTEL_BLRP_MAX_QUEUE_SIZE', batchLogOptionsFromEnv],
  ];
  for (const [name, read] of cases) {
    for (const raw of ['1e9', '10000000', String(2 ** 40)]) {
      test(`${name}=${raw} is clamped to the maximum and reported naming the variable`, () => {
        const d = captureDiag();
        try {
          const opts = read({ [name]: raw });
          assert.equal(opts.maxQueueSize, MAX_QUEUE_SIZE);
          assert.ok(opts.maxExportBatchSize <= opts.maxQueueSize);
          assert.equal(d.messages.length, 1);
          assert.match(d.messages[0]!.message, new RegExp(`${name}=${raw.replace('.', '\\.')}.*${MAX_QUEUE_SIZE}`));
        } finally {
          d.restore();
        }
      });
    }
    test(`${name} at the maximum is taken silently`, () => {
      const d = captureDiag();
      try {
        assert.equal(read({ [name]: String(MAX_QUEUE_SIZE) }).maxQueueSize, MAX_QUEUE_SIZE);
        assert.equal(d.messages.length, 0);
      } finally {
        d.restore();
      }
    });
  }

  test('the maximum is far above the default and far below a size that cannot be allocated', () => {
    assert.ok(MAX_QUEUE_SIZE >= 2048 * 100 && MAX_QUEUE_SIZE <= 2 ** 24);
  });
});

describe('attribute limit variables say what they mean and what is used', () => {
  const cases: [string, (env: Record<string, string>) => unknown, RegExp][] = [
    ['OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', spanLimitsFromEnv, /attribute value.*no limit/],
    ['OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT', spanLimitsFromEnv, /attribute value.*OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT.*no limit/],
    ['OTEL_ATTRIBUTE_COUNT_LIMIT', spanLimitsFromEnv, /attributes.*128/],
    ['OTEL_SPAN_EVENT_COUNT_LIMIT', spanLimitsFromEnv, /events.*128/],
    ['OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT', logRecordLimitsFromEnv, /attribute value.*no limit/],
  ];
  for (const [name, read, meaning] of cases) {
    test(`${name}=-1 is reported without "the default -1", with its meaning and what is used`, () => {
      const d = captureDiag();
      try {
        read({ [name]: '-1' });
        const msgs = d.messages.map((m) => m.message);
        assert.ok(msgs.length >= 1);
        for (const m of msgs) assert.doesNotMatch(m, /default -1/);
        assert.ok(msgs.some((m) => m.includes(name) && meaning.test(m)), msgs.join('\n'));
      } finally {
        d.restore();
      }
    });
  }
});

describe('the metric export timeout follows a short interval', () => {
  test('only OTEL_METRIC_EXPORT_INTERVAL below the default timeout: the timeout is the interval, no warning', () => {
    const d = captureDiag();
    try {
      const c = metricsConfigFromEnv({ OTEL_METRIC_EXPORT_INTERVAL: '1000' });
      assert.equal(c.intervalMillis, 1000);
      assert.equal(c.timeoutMillis, 1000);
      assert.deepEqual(d.messages, []);
    } finally {
      d.restore();
    }
  });

  test('the readers built from that configuration print no warning (the symptom users saw)', async () => {
    const d = captureDiag();
    try {
      const readers = metricReadersFor(metricsConfigFromEnv({ OTEL_METRIC_EXPORT_INTERVAL: '100', OTEL_METRICS_EXPORTER: 'console' }));
      assert.equal(readers.length, 1);
      await Promise.all(readers.map((r) => r.shutdown()));
      assert.deepEqual(d.messages.filter((m) => m.level === 'warn' || m.level === 'error'), []);
    } finally {
      d.restore();
    }
  });

  test('an interval above the default timeout keeps the default timeout', () => {
    const c = metricsConfigFromEnv({ OTEL_METRIC_EXPORT_INTERVAL: '90000' });
    assert.equal(c.timeoutMillis, 30000);
  });

  test('both set with the timeout above the interval: the interval is used and the user is told', () => {
    const d = captureDiag();
    try {
      const c = metricsConfigFromEnv({ OTEL_METRIC_EXPORT_INTERVAL: '1000', OTEL_METRIC_EXPORT_TIMEOUT: '5000' });
      assert.equal(c.timeoutMillis, 1000);
      assert.ok(d.messages.some((m) => m.message.includes('OTEL_METRIC_EXPORT_TIMEOUT')));
    } finally {
      d.restore();
    }
  });
});

describe('OTEL_LOG_LEVEL', () => {
  const levels: [string, DiagLevel][] = [
    ['none', DiagLevel.NONE],
    ['error', DiagLevel.ERROR],
    ['warn', DiagLevel.WARN],
    ['info', DiagLevel.INFO],
    ['debug', DiagLevel.DEBUG],
    ['verbose', DiagLevel.VERBOSE],
    ['all', DiagLevel.VERBOSE],
    [' DEBUG ', DiagLevel.DEBUG],
  ];
  for (const [raw, level] of levels) {
    test(`"${raw}" gives diagLogLevel ${level}`, () => {
      assert.equal(diagConfigFromEnv({ OTEL_LOG_LEVEL: raw }).diagLogLevel, level);
    });
  }

  test('unset leaves the level to zerotel (undefined); an unknown value is reported and ignored', () => {
    assert.equal(diagConfigFromEnv({}).diagLogLevel, undefined);
    const d = captureDiag();
    try {
      assert.equal(diagConfigFromEnv({ OTEL_LOG_LEVEL: 'loud' }).diagLogLevel, undefined);
      assert.match(d.messages[0]!.message, /OTEL_LOG_LEVEL="loud".*none, error, warn, info, debug, verbose, all/);
    } finally {
      d.restore();
    }
  });
});
