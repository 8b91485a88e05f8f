/**
 * `registerView(metricName, chartType)`: how a metric is charted. Views are
 * process-wide (an app declares them once, whichever server shows them) and
 * every running server is told of a change, which it pushes as an SSE
 * `views` event. Bad input is ignored with a diagnostic, never thrown.
 */
import { diag } from '../common/diag.js';

export const CHART_TYPES = ['line', 'area', 'bar', 'gauge', 'histogram', 'heatmap', 'stat'] as const;
export type ChartType = (typeof CHART_TYPES)[number];

const views = new Map<string, ChartType>();
const listeners = new Set<() => void>();
const MAX_VIEWS = 10_000;

export function registerView(metricName: unknown, chartType: unknown): boolean {
  if (typeof metricName !== 'string' || metricName === '' || metricName.length > 255) {
    diag.warn('registerView: the metric name must be a non-empty string of at most 255 characters; ignored');
    return false;
  }
  if (typeof chartType !== 'string' || !(CHART_TYPES as readonly string[]).includes(chartType)) {
    diag.warn(`registerView: unknown chart type for "${metricName}" (expected ${CHART_TYPES.join(', ')}); ignored`);
    return false;
  }
  if (views.get(metricName) === chartType) return true;
  if (!views.has(metricName) && views.size >= MAX_VIEWS) {
    diag.warn('registerView: too many views; ignored');
    return false;
  }
  views.set(metricName, chartType as ChartType);
  for (const l of listeners) l();
  return true;
}

export function viewOf(metricName: string): ChartType | null {
  return views.get(metricName) ?? null;
}

export function allViews(): Record<string, ChartType> {
  const out: Record<string, ChartType> = {};
  for (const [k, v] of views) Object.defineProperty(out, k, { value: v, enumerable: true });
  return out;
}

/** @internal A server listens while it runs. */
export function onViewsChanged(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** For tests. */
export function clearViews(): void {
  views.clear();
}
