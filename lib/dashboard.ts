/**
 * zerotel/dashboard — the live local OTLP viewer: `startDashboardServer`
 * (in-process, or behind `zerotel dashboard`), the seed's `registerView` and
 * `updateDisplay`, and `ingestOtlp` for other receivers (gRPC).
 */
export { DASHBOARD_GRPC_ERROR, DashboardOptionError, startDashboardServer, updateDisplay } from './dashboard/server.js';
export type { DashboardHandle, DashboardOptions } from './dashboard/server.js';
export { registerView, CHART_TYPES } from './dashboard/views.js';
export type { ChartType } from './dashboard/views.js';
export { ingestOtlp } from './dashboard/receiver.js';
export type { IngestMeta, IngestResult, OtlpEncoding, OtlpSignal } from './dashboard/receiver.js';
export { DashboardStore } from './dashboard/store.js';
export type { DashboardLimits } from './dashboard/limits.js';
export { DEFAULT_LIMITS } from './dashboard/limits.js';
