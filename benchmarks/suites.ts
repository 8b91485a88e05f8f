/** Every benchmark suite, in the order the table prints them. Add a line per suite. */
import type { BenchSuite } from './harness.js';
import { traceSuite } from './trace.bench.js';
import { logsSuite } from './logs.bench.js';
import { propagationSuite } from './propagation.bench.js';
import { metricsSuite } from './metrics.bench.js';
import { exportSuite } from './export.bench.js';
import { dashboardSuite } from './dashboard.bench.js';
import { grpcSuite } from './grpc.bench.js';
import { otelApiSuite } from './otel-api.bench.js';

export const suites: BenchSuite[] = [traceSuite, logsSuite, propagationSuite, metricsSuite, exportSuite, grpcSuite, dashboardSuite, otelApiSuite];
