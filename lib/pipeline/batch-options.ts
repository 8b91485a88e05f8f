/**
 * A batch processor's options: what a caller may pass, the resolved form the
 * processor runs with, and the OpenTelemetry defaults for spans (OTEL_BSP_*)
 * and log records (OTEL_BLRP_*). A module of its own, with no processor code,
 * so that reading the configuration (lib/config) costs no batching code when
 * no exporter is configured.
 */
import { diag } from '../common/diag.js';

export interface BatchOptions {
  /** Most items queued; more are dropped and counted. */
  maxQueueSize?: number;
  /** Most items per export (at most maxQueueSize). */
  maxExportBatchSize?: number;
  /** Delay from the first queued item to the export of a partial batch. */
  scheduledDelayMillis?: number;
  /** Bound on one export, and on forceFlush/shutdown. */
  exportTimeoutMillis?: number;
}

export interface ResolvedBatchOptions {
  readonly maxQueueSize: number;
  readonly maxExportBatchSize: number;
  readonly scheduledDelayMillis: number;
  readonly exportTimeoutMillis: number;
}

/** Fills unset or invalid options from `defaults`, keeping batch size <= queue size. */
export function resolveBatchOptions(options: BatchOptions | undefined, defaults: ResolvedBatchOptions, kind: string): ResolvedBatchOptions {
  const pick = (name: keyof ResolvedBatchOptions, min: number): number => {
    const v = options?.[name];
    if (v === undefined) return defaults[name];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min) {
      diag.warn(`${kind}: invalid ${name} ${String(v)}; using the default ${defaults[name]}`);
      return defaults[name];
    }
    return Math.floor(v);
  };
  const maxQueueSize = pick('maxQueueSize', 1);
  let maxExportBatchSize = pick('maxExportBatchSize', 1);
  if (maxExportBatchSize > maxQueueSize) {
    diag.warn(`${kind}: maxExportBatchSize ${maxExportBatchSize} exceeds maxQueueSize ${maxQueueSize}; using ${maxQueueSize}`);
    maxExportBatchSize = maxQueueSize;
  }
  return {
    maxQueueSize,
    maxExportBatchSize,
    scheduledDelayMillis: pick('scheduledDelayMillis', 0),
    exportTimeoutMillis: pick('exportTimeoutMillis', 0),
  };
}

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
