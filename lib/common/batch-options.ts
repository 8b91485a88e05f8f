/**
 * A batch processor's options — queue and batch sizes, delay, timeout, the
 * encoded-burst bound — and the one place they are resolved: unset or
 * invalid values take the signal's defaults, the queue is bounded, a batch
 * never exceeds the queue, and every replacement is reported. The same rules
 * serve options given in code (`new BatchSpanProcessor(exporter, options)`)
 * and the OTEL_BSP_* / OTEL_BLRP_* variables (lib/config): only where the
 * values come from and how a diagnostic names them differ (a
 * BatchOptionsSource).
 */
import { diag } from './diag.js';
import { safeString } from './exception.js';

export interface BatchOptions {
  /** Most items queued as objects; more are encoded ahead when the exporter can, else dropped and counted. */
  maxQueueSize?: number;
  /** Most items per export (at most maxQueueSize). */
  maxExportBatchSize?: number;
  /** Delay from the first queued item to the export of a partial batch. */
  scheduledDelayMillis?: number;
  /** Bound on one export, and on forceFlush/shutdown. */
  exportTimeoutMillis?: number;
}

/** What the batch processors take in code: the OTEL_BSP_* / OTEL_BLRP_* options and the encoded-burst bound. */
export interface BatchProcessorOptions extends BatchOptions {
  /** Most bytes of encoded batches waiting (bursts past maxQueueSize); default 32 MiB. */
  maxEncodedBytes?: number;
}

export interface ResolvedBatchOptions {
  readonly maxQueueSize: number;
  readonly maxExportBatchSize: number;
  readonly scheduledDelayMillis: number;
  readonly exportTimeoutMillis: number;
  readonly maxEncodedBytes?: number;
}

export type BatchOptionName = keyof BatchProcessorOptions;

/** Largest queue accepted in code: 16 Mi items (the ring grows only as far as it is used). */
export const MAX_QUEUE_SIZE_LIMIT = 2 ** 24;
export const DEFAULT_MAX_ENCODED_BYTES = 32 * 1024 * 1024;

/** OTEL_BSP_MAX_QUEUE_SIZE, _MAX_EXPORT_BATCH_SIZE, _SCHEDULE_DELAY, _EXPORT_TIMEOUT defaults. */
export const BSP_DEFAULTS: ResolvedBatchOptions = Object.freeze({
  maxQueueSize: 2048,
  maxExportBatchSize: 512,
  scheduledDelayMillis: 5000,
  exportTimeoutMillis: 30000,
});

/** OTEL_BLRP_MAX_QUEUE_SIZE, _MAX_EXPORT_BATCH_SIZE, _SCHEDULE_DELAY, _EXPORT_TIMEOUT defaults. */
export const BLRP_DEFAULTS: ResolvedBatchOptions = Object.freeze({
  maxQueueSize: 2048,
  maxExportBatchSize: 512,
  scheduledDelayMillis: 1000,
  exportTimeoutMillis: 30000,
});

/** Where a set of batch options comes from. */
export interface BatchOptionsSource {
  /** Largest queue size taken; a larger one is cut down to it, reported. */
  readonly maxQueueSize: number;
  /** The value given for `name` as given (undefined: not set). Never throws. */
  raw(name: BatchOptionName): unknown;
  /** The number a raw value stands for; NaN when it stands for none. */
  number(raw: unknown): number;
  /** The option as a diagnostic names it: `BatchSpanProcessor: maxQueueSize -1`, `OTEL_BSP_MAX_QUEUE_SIZE=1e9`. */
  label(name: BatchOptionName, raw: unknown): string;
}

/** Options given in code to the processor named `who` (a getter that throws counts as an invalid value). */
export function codeBatchOptions(who: string, options: BatchProcessorOptions | undefined): BatchOptionsSource {
  return {
    maxQueueSize: MAX_QUEUE_SIZE_LIMIT,
    raw(name) {
      if (options === undefined || options === null) return undefined;
      try {
        return options[name];
      } catch {
        return Number.NaN;
      }
    },
    number: (raw) => (typeof raw === 'number' ? raw : Number.NaN),
    label: (name, raw) => `${who}: ${name} ${safeString(raw)}`,
  };
}

/** Fills unset or invalid options from `defaults`, keeping batch size <= queue size <= the source's bound. */
export function resolveBatchOptions(source: BatchOptionsSource, defaults: ResolvedBatchOptions): ResolvedBatchOptions {
  const pick = (name: BatchOptionName, min: number, fallback: number, max = Number.MAX_SAFE_INTEGER): number => {
    const raw = source.raw(name);
    if (raw === undefined) return fallback;
    const v = source.number(raw);
    if (!Number.isFinite(v) || v < min) {
      diag.warn(`${source.label(name, raw)} is invalid (a number >= ${min} is needed); using the default ${fallback}`);
      return fallback;
    }
    if (v > max) {
      diag.warn(`${source.label(name, raw)} exceeds the largest supported ${max}; using ${max}`);
      return max;
    }
    return Math.floor(v);
  };
  const maxQueueSize = pick('maxQueueSize', 1, defaults.maxQueueSize, source.maxQueueSize);
  let maxExportBatchSize = pick('maxExportBatchSize', 1, defaults.maxExportBatchSize);
  if (maxExportBatchSize > maxQueueSize) {
    diag.warn(`${source.label('maxExportBatchSize', source.raw('maxExportBatchSize') ?? maxExportBatchSize)} exceeds the queue size ${maxQueueSize}; using ${maxQueueSize}`);
    maxExportBatchSize = maxQueueSize;
  }
  const out: ResolvedBatchOptions = {
    maxQueueSize,
    maxExportBatchSize,
    scheduledDelayMillis: pick('scheduledDelayMillis', 0, defaults.scheduledDelayMillis),
    exportTimeoutMillis: pick('exportTimeoutMillis', 0, defaults.exportTimeoutMillis),
  };
  const bytes = pick('maxEncodedBytes', 0, defaults.maxEncodedBytes ?? DEFAULT_MAX_ENCODED_BYTES);
  return bytes === DEFAULT_MAX_ENCODED_BYTES && source.raw('maxEncodedBytes') === undefined ? out : { ...out, maxEncodedBytes: bytes };
}
