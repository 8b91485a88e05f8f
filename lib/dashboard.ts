/**
 * PLACEHOLDER written by the lean-entry branch so the entry point, the build
 * and the lazy wrappers in `zerotel` compile before the dashboard exists.
 * The dashboard-server branch replaces this whole file with the real
 * `zerotel/dashboard` entry (same three exported functions); take theirs on merge.
 */
export type ChartType = 'line' | 'area' | 'bar' | 'gauge' | 'histogram' | 'heatmap' | 'stat';

export interface DashboardOptions {
  port?: number;
  host?: string;
}

export interface DashboardHandle {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const views = new Map<string, ChartType>();

/** Placeholder: rejects (the server is not built yet). */
export function startDashboardServer(_options?: number | DashboardOptions): Promise<DashboardHandle> {
  return Promise.reject(new Error('zerotel/dashboard: the dashboard server is not part of this build yet'));
}

/** Placeholder: remembers the chart type. */
export function registerView(metricName: string, chartType: ChartType): void {
  views.set(String(metricName), chartType);
}

/** Placeholder: nothing to push to. */
export function updateDisplay(): void {}
