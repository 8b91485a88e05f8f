/** Exporters that need no transport: in memory (tests) and console (debugging). */
import { writeStdoutLine } from '../common/stdout-line.js';
import type { ExportResult } from '../common/export-result.js';
import { EXPORT_SUCCESS } from '../common/export-result.js';
import type { ResourceMetrics, TemporalitySelector } from '../metrics/metric-data.js';
import { CUMULATIVE_SELECTOR } from '../metrics/metric-data.js';
import type { MetricExporter } from '../metrics/metric-reader.js';

/** Keeps every collection it is given, for tests. */
export class InMemoryMetricExporter implements MetricExporter {
  readonly temporalitySelector: TemporalitySelector;
  #collections: ResourceMetrics[] = [];
  #stopped = false;

  constructor(temporalitySelector: TemporalitySelector = CUMULATIVE_SELECTOR) {
    this.temporalitySelector = temporalitySelector;
  }

  export(metrics: ResourceMetrics): Promise<ExportResult> {
    if (this.#stopped) return Promise.resolve({ code: 'failure', error: new Error('exporter is shut down') });
    this.#collections.push(metrics);
    return Promise.resolve(EXPORT_SUCCESS);
  }

  get collections(): readonly ResourceMetrics[] {
    return this.#collections;
  }

  reset(): void {
    this.#collections = [];
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    this.#stopped = true;
    return Promise.resolve();
  }
}

/** Prints each collection as one JSON line per metric (debugging; OTEL_METRICS_EXPORTER=console). */
export class ConsoleMetricExporter implements MetricExporter {
  readonly temporalitySelector: TemporalitySelector = CUMULATIVE_SELECTOR;
  readonly #write: (line: string) => void;

  constructor(write: (line: string) => void = writeStdoutLine) {
    this.#write = write;
  }

  export(metrics: ResourceMetrics): Promise<ExportResult> {
    for (const sm of metrics.scopeMetrics) {
      for (const m of sm.metrics) {
        this.#write(JSON.stringify({ scope: sm.scope.name, ...m }, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)));
      }
    }
    return Promise.resolve(EXPORT_SUCCESS);
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
