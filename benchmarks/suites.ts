/** Every benchmark suite, in the order the table prints them. Add a line per suite. */
import type { BenchSuite } from './harness.js';
import { traceSuite } from './trace.bench.js';

export const suites: BenchSuite[] = [traceSuite];
