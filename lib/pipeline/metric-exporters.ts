/** Exporters that need no transport: in memory (tests) and console (debugging). */
import { writeStdoutLine } from '../common/stdout-line.js';
import type { ExportResult } from '../common/export-result.js';
import { EXPORT_SUCCESS } from '../common/export-result.js';
import type { HandOffResult, PreparedSend } from '../common/exit-handoff.js';
import type { ResourceMetrics, TemporalitySelector } from '../metrics/metric-data.js';
import { CUMULATIVE_SELECTOR } from '../metrics/metric-data.js';
import type { MetricExporter } from '../metrics/metric-reader.js';
import { InMemoryExporter } from './in-memory-exporter.js';

/** Keeps every collection it is given, for tests (shutdown keeps what was collected). */
export class InMemoryMetricExporter extends InMemoryExporter<ResourceMetrics> implements MetricExporter {
  readonly temporalitySelector: TemporalitySelector;

  constructor(temporalitySelector: TemporalitySelector = CUMULATIVE_SELECTOR) {
    super(false);
    this.temporalitySelector = temporalitySelector;
  }

  export(metrics: ResourceMetrics): Promise<ExportResult> {
    return this.keep([metrics]);
  }

  get collections(): readonly ResourceMetrics[] {
    return this.kept;
  }
}

/** Prints each collection as one JSON line per metric (debugging; OTEL_METRICS_EXPORTER=console). */
/** The exit hand-off's runner for console exporters: printing is synchronous. */
function printAtExit(jobs: readonly object[]): HandOffResult[] {
  return jobs.map((j) => {
    const { exporter, metrics } = j as { exporter: ConsoleMetricExporter; metrics: ResourceMetrics };
    try {
      void exporter.export(metrics);
      return { accepted: 1 };
    } catch (err) {
      return { accepted: 0, error: String(err) };
    }
  });
}

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

  /** At `process.exit()`: the lines, written synchronously by the exit hand-off. */
  prepareSync(metrics: ResourceMetrics): PreparedSend {
    return { job: { exporter: this, metrics }, run: printAtExit };
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
