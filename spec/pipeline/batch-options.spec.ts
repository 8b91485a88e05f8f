/**
 * Batch options are resolved in one place (lib/common/batch-options.ts) for
 * both processors and for the OTEL_BSP_* / OTEL_BLRP_* variables: the same
 * values give the same options whichever way they come, and each
 * replacement is reported naming the option the way it was given.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BLRP_DEFAULTS, BSP_DEFAULTS, MAX_QUEUE_SIZE_LIMIT } from '../../lib/common/batch-options.js';
import { MAX_QUEUE_SIZE } from '../../lib/config/env.js';
import { batchLogOptionsFromEnv } from '../../lib/config/logs-config.js';
import { batchSpanOptionsFromEnv } from '../../lib/config/trace-config.js';
import { BatchLogRecordProcessor } from '../../lib/pipeline/batch-log-record-processor.js';
import { BatchSpanProcessor } from '../../lib/pipeline/batch-span-processor.js';
import { EXPORT_SUCCESS } from '../../lib/common/export-result.js';
import { captureDiag } from '../helpers/diag.js';

const exporter = { export: async () => EXPORT_SUCCESS, shutdown: async () => {} };

/** [what, in code, as variables (without the prefix)] */
const CASES: [string, Record<string, number>, Record<string, string>][] = [
  ['all set', { maxQueueSize: 100, maxExportBatchSize: 10, scheduledDelayMillis: 50, exportTimeoutMillis: 500 }, { MAX_QUEUE_SIZE: '100', MAX_EXPORT_BATCH_SIZE: '10', SCHEDULE_DELAY: '50', EXPORT_TIMEOUT: '500' }],
  ['a batch larger than the queue', { maxQueueSize: 10, maxExportBatchSize: 50 }, { MAX_QUEUE_SIZE: '10', MAX_EXPORT_BATCH_SIZE: '50' }],
  ['a negative queue and delay', { maxQueueSize: -1, scheduledDelayMillis: -1 }, { MAX_QUEUE_SIZE: '-1', SCHEDULE_DELAY: '-1' }],
  ['non-integer sizes', { maxQueueSize: 100.7, maxExportBatchSize: 9.5 }, { MAX_QUEUE_SIZE: '100.7', MAX_EXPORT_BATCH_SIZE: '9.5' }],
  ['nothing set', {}, {}],
];

const signals = [
  { what: 'spans', prefix: 'OTEL_BSP', defaults: BSP_DEFAULTS, fromEnv: batchSpanOptionsFromEnv, inCode: (o: object) => new BatchSpanProcessor(exporter, o).options, name: 'BatchSpanProcessor' },
  { what: 'log records', prefix: 'OTEL_BLRP', defaults: BLRP_DEFAULTS, fromEnv: batchLogOptionsFromEnv, inCode: (o: object) => new BatchLogRecordProcessor(exporter, o).options, name: 'BatchLogRecordProcessor' },
];

describe('batch options resolved once, by one set of rules', () => {
  for (const s of signals) {
    for (const [what, code, vars] of CASES) {
      test(`${s.what}, ${what}: options in code and ${s.prefix}_* variables give the same options and the same number of reports`, () => {
        const d = captureDiag();
        try {
          const fromCode = s.inCode(code);
          const codeReports = d.messages.length;
          const env = Object.fromEntries(Object.entries(vars).map(([k, v]) => [`${s.prefix}_${k}`, v]));
          const fromEnv = s.fromEnv(env);
          assert.deepEqual({ ...fromCode }, { ...fromEnv });
          assert.ok(fromCode.maxExportBatchSize <= fromCode.maxQueueSize);
          assert.equal(d.messages.length, codeReports * 2);
          for (const m of d.messages.slice(0, codeReports)) assert.ok(m.message.startsWith(`${s.name}: `), m.message);
          for (const m of d.messages.slice(codeReports)) assert.ok(m.message.startsWith(`${s.prefix}_`), m.message);
        } finally {
          d.restore();
        }
      });
    }
  }

  test('each way keeps its queue bound: variables at most MAX_QUEUE_SIZE, code at most MAX_QUEUE_SIZE_LIMIT', () => {
    const d = captureDiag();
    try {
      const huge = MAX_QUEUE_SIZE_LIMIT * 4;
      assert.equal(batchSpanOptionsFromEnv({ OTEL_BSP_MAX_QUEUE_SIZE: String(huge) }).maxQueueSize, MAX_QUEUE_SIZE);
      assert.equal(new BatchSpanProcessor(exporter, { maxQueueSize: huge }).options.maxQueueSize, MAX_QUEUE_SIZE_LIMIT);
      assert.match(d.messages[0]!.message, new RegExp(`OTEL_BSP_MAX_QUEUE_SIZE=${huge} exceeds the largest supported ${MAX_QUEUE_SIZE}`));
      assert.match(d.messages[1]!.message, new RegExp(`BatchSpanProcessor: maxQueueSize ${huge} exceeds the largest supported ${MAX_QUEUE_SIZE_LIMIT}`));
    } finally {
      d.restore();
    }
  });
});
