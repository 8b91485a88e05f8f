/**
 * Optional persistence (`--data FILE`): every request that added something
 * is appended as one OTLP/JSON line (the OpenTelemetry file exporter's
 * format: one ExportXServiceRequest per line), and on start the file is
 * replayed into the store, which keeps to its bounds as usual. A corrupt line
 * is skipped, counted and reported, never fatal. Appends are queued on one
 * write stream whose unwritten bytes are bounded (overflow is counted).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { describeError, diag } from '../common/diag.js';
import { decodeLogsJson, decodeMetricsJson, decodeTracesJson } from '../otlp/json-reader.js';
import type { DashboardStore } from './store.js';

const MAX_PENDING = 32 * 1024 * 1024;
const MAX_LINE = 64 * 1024 * 1024;

export interface ReplayReport {
  lines: number;
  replayed: number;
  corrupt: number;
  /** "line N: reason" for the first few corrupt lines. */
  errors: string[];
}

/** Replays `file` into `store` (a missing file is an empty one). */
export async function replay(file: string, store: DashboardStore): Promise<ReplayReport> {
  const report: ReplayReport = { lines: 0, replayed: 0, corrupt: 0, errors: [] };
  const input = createReadStream(file);
  const missing = await new Promise<boolean>((resolve) => {
    input.once('open', () => resolve(false));
    input.once('error', () => resolve(true));
  });
  if (missing) return report;
  const lines = createInterface({ input, crlfDelay: Infinity });
  const encoder = new TextEncoder();
  try {
    for await (const line of lines) {
      report.lines++;
      if (line.trim() === '') continue;
      try {
        if (line.length > MAX_LINE) throw new Error('line too long');
        const bytes = encoder.encode(line);
        const head = line.slice(0, 32);
        if (head.includes('"resourceSpans"')) store.ingestTraces(decodeTracesJson(bytes));
        else if (head.includes('"resourceMetrics"')) store.ingestMetrics(decodeMetricsJson(bytes));
        else if (head.includes('"resourceLogs"')) store.ingestLogs(decodeLogsJson(bytes));
        else throw new Error('not an OTLP/JSON export request (no resourceSpans, resourceMetrics or resourceLogs first)');
        report.replayed++;
      } catch (err) {
        report.corrupt++;
        store.dropped.replayLines++;
        if (report.errors.length < 10) report.errors.push(`line ${report.lines}: ${describeError(err)}`);
      }
    }
  } finally {
    input.destroy();
  }
  if (report.corrupt > 0) diag.warn(`dashboard data file ${file}: ${report.corrupt} corrupt line(s) skipped (${report.errors.join('; ')})`);
  return report;
}

export class Appender {
  readonly #out: WriteStream;
  dropped = 0;
  #failed = false;

  constructor(file: string) {
    this.#out = createWriteStream(file, { flags: 'a' });
    this.#out.on('error', (err) => {
      if (!this.#failed) diag.error(`dashboard data file ${file}: ${describeError(err)}; persistence stopped`);
      this.#failed = true;
    });
  }

  append(request: object): void {
    if (this.#failed) return;
    if (this.#out.writableLength > MAX_PENDING) {
      this.dropped++;
      return;
    }
    this.#out.write(`${JSON.stringify(request)}\n`);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#out.end(() => resolve()));
  }
}
