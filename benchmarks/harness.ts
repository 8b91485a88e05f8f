/**
 * The side-by-side benchmark harness: every case runs the official
 * OpenTelemetry SDK and zerotel in the same process and the same run, and is
 * reported as ns/op for each and the ratio official/zerotel.
 *
 * Nanosecond operations are batched (`ops` per call) so tinybench's own
 * per-iteration cost does not swamp them; the reported figure is per op.
 */
export interface BenchCase {
  /** Row name, e.g. "span start+end (bare)". */
  readonly task: string;
  /** One call does `ops` operations of the official SDK (omit when there is no counterpart). */
  readonly official?: () => unknown;
  /** One call does `ops` operations of zerotel. */
  readonly zerotel: () => unknown;
  /** Operations per call (default 1). */
  readonly ops?: number;
  /** A note printed after the table (sizes, targets). */
  readonly note?: string;
  /** Target ratio official/zerotel (shown as met or missed). */
  readonly target?: number;
  /**
   * Run before each side's warm-up and measurement (tinybench's beforeAll):
   * for cases whose sides share process-wide state, such as the
   * @opentelemetry/api globals, which hold one SDK at a time.
   */
  readonly beforeOfficial?: () => void;
  readonly beforeZerotel?: () => void;
}

export interface BenchSuite {
  readonly name: string;
  /** Builds the cases (may be async: servers, fixtures); `teardown` releases them. */
  setup(): Promise<BenchCase[]> | BenchCase[];
  teardown?(): Promise<void> | void;
}
