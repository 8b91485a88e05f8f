/**
 * Log hot paths, official @opentelemetry/sdk-logs 0.223 (+ api-logs, api,
 * AsyncLocalStorageContextManager) vs zerotel: emitting a record with three
 * attributes inside an active span (both sides read the span from the active
 * context), and encoding a batch of records to OTLP.
 */
import { context as otelContext, trace as otelTrace } from '@opentelemetry/api';
import { SeverityNumber as OtelSeverity } from '@opentelemetry/api-logs';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { JsonLogsSerializer, ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { BatchLogRecordProcessor, LoggerProvider as OtelLoggerProvider } from '@opentelemetry/sdk-logs';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import type { BenchCase, BenchSuite } from './harness.js';
import { withSpan } from '../lib/context/async-context.js';
import type { LogRecord } from '../lib/logs/log-record.js';
import type { LogRecordProcessor } from '../lib/logs/log-record-processor.js';
import { LoggerProvider } from '../lib/logs/logger-provider.js';
import { BatchLogRecordProcessor as ZerotelBatchLogRecordProcessor } from '../lib/pipeline/batch-log-record-processor.js';
import { EXPORT_SUCCESS } from '../lib/trace/span-exporter.js';
import { encodeLogsJson } from '../lib/otlp/logs-json.js';
import { encodeLogsProto } from '../lib/otlp/logs-proto.js';
import { TracerProvider } from '../lib/trace/tracer-provider.js';

const OPS = 100;

/** One turn of the event loop, so batch timers can fire and queues drain. */
function tick(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}
const BATCH = 512;

/** Stands in for a batch processor: keeps the last record, like a ring slot. */
class DiscardProcessor implements LogRecordProcessor {
  last: LogRecord | undefined;
  onEmit(record: LogRecord): void {
    this.last = record;
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** An official exporter that discards, or collects records for the serializer rows. */
class CollectOfficial {
  readonly records: ReadableLogRecord[] = [];
  readonly #keep: boolean;
  constructor(keep = true) {
    this.#keep = keep;
  }
  export(records: ReadableLogRecord[], done: (r: { code: number }) => void): void {
    if (this.#keep) for (const r of records) this.records.push(r);
    done({ code: 0 });
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

export const logsSuite: BenchSuite = {
  name: 'logs',
  async setup(): Promise<BenchCase[]> {
    otelContext.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    const otelTracer = new BasicTracerProvider().getTracer('bench');
    const official = new OtelLoggerProvider({
      processors: [new BatchLogRecordProcessor({ exporter: new CollectOfficial(false), maxQueueSize: 2048 })],
    });
    const ol = official.getLogger('bench');
    const zp = new LoggerProvider({ processors: [new DiscardProcessor()] });
    const zl = zp.getLogger('bench');
    // The whole pipeline on both sides: batch processor (default queue 2048) into an exporter that discards.
    const zbp = new LoggerProvider({
      processors: [new ZerotelBatchLogRecordProcessor({ export: () => Promise.resolve(EXPORT_SUCCESS), shutdown: () => Promise.resolve() })],
    });
    const zbatched = zbp.getLogger('bench');
    const zt = new TracerProvider().getTracer('bench');
    const attrs = { 'http.request.method': 'GET', 'http.response.status_code': 200, 'url.path': '/users/:id' };

    const officialSpan = otelTracer.startSpan('parent');
    const officialCtx = otelTrace.setSpan(otelContext.active(), officialSpan);
    const zerotelSpan = zt.startSpan('parent');

    // A batch of realistic records from both SDKs for the encoder rows.
    const collect = new CollectOfficial();
    const officialForBatch = new OtelLoggerProvider({ processors: [new BatchLogRecordProcessor({ exporter: collect, maxExportBatchSize: BATCH, maxQueueSize: BATCH })] });
    const obl = officialForBatch.getLogger('bench');
    const batchCollector = { records: [] as LogRecord[], onEmit(r: LogRecord) { this.records.push(r); }, forceFlush: () => Promise.resolve(), shutdown: () => Promise.resolve() };
    const zbl = new LoggerProvider({ processors: [batchCollector] }).getLogger('bench');
    const bodyAttrs = { ...attrs, 'user.id': 12345, 'cache.hit': false };
    otelContext.with(officialCtx, () => {
      for (let i = 0; i < BATCH; i++) obl.emit({ severityNumber: OtelSeverity.INFO, severityText: 'INFO', body: `request ${i} served`, attributes: bodyAttrs });
    });
    withSpan(zerotelSpan, () => {
      for (let i = 0; i < BATCH; i++) zbl.info(`request ${i} served`, bodyAttrs);
    });
    await officialForBatch.forceFlush();
    const officialBatch = collect.records.slice(0, BATCH);
    const ours = batchCollector.records;
    const protoSize = encodeLogsProto(ours).length;
    const jsonSize = encodeLogsJson(ours).length;

    return [
      {
        task: 'log record, 3 attributes, inside an active span',
        ops: OPS,
        target: 5,
        official: () =>
          otelContext.with(officialCtx, () => {
            for (let i = 0; i < OPS; i++) ol.emit({ severityNumber: OtelSeverity.INFO, severityText: 'INFO', body: 'user loaded', attributes: attrs });
          }),
        zerotel: () =>
          withSpan(zerotelSpan, () => {
            for (let i = 0; i < OPS; i++) zl.info('user loaded', attrs);
          }),
        note:
          'official: logger.emit({severityNumber, severityText, body, attributes}) in context.with(span), into its BatchLogRecordProcessor (a synchronous loop keeps its queue full, so it drops); ' +
          'zerotel: logger.info(msg, attrs) in withSpan(span), into a processor that keeps the last record (as trace.bench does)',
      },
      {
        task: 'log record, 3 attributes, active span, whole batch pipeline',
        ops: OPS,
        official: async () => {
          otelContext.with(officialCtx, () => {
            for (let i = 0; i < OPS; i++) ol.emit({ severityNumber: OtelSeverity.INFO, severityText: 'INFO', body: 'user loaded', attributes: attrs });
          });
          await tick();
        },
        zerotel: async () => {
          withSpan(zerotelSpan, () => {
            for (let i = 0; i < OPS; i++) zbatched.info('user loaded', attrs);
          });
          await tick();
        },
        note: 'both sides: batch processor (queue 2048, batch 512) into an exporter that discards, one event-loop turn per 100 records so batches drain (both still drop part of the overload)',
      },
      {
        task: 'log record via emit(), 3 attributes, no span',
        ops: OPS,
        official: () => {
          for (let i = 0; i < OPS; i++) ol.emit({ severityNumber: OtelSeverity.WARN, body: 'slow', attributes: attrs });
        },
        zerotel: () => {
          for (let i = 0; i < OPS; i++) zl.emit({ severityNumber: 13, body: 'slow', attributes: attrs });
        },
      },
      {
        task: `OTLP/protobuf serialize ${BATCH} log records`,
        official: () => ProtobufLogsSerializer.serializeRequest(officialBatch),
        zerotel: () => encodeLogsProto(ours),
        note: `${BATCH} records with 5 attributes in a span: ${(protoSize / 1024).toFixed(0)} KB protobuf`,
      },
      {
        task: `OTLP/JSON serialize ${BATCH} log records`,
        official: () => JsonLogsSerializer.serializeRequest(officialBatch),
        zerotel: () => encodeLogsJson(ours),
        note: `${(jsonSize / 1024).toFixed(0)} KB JSON (both return UTF-8 bytes)`,
      },
    ];
  },
};
