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

/** The attributes of one benchmark HTTP span: five, as a server span of `GET /users/:id` carries. */
export function requestAttributes(i: number): Record<string, string | number> {
  return { 'http.request.method': 'GET', 'http.response.status_code': 200, 'url.path': `/users/${i}`, 'server.address': 'example.com', 'http.route': '/users/:id' };
}

/** What the pipeline rows need of either SDK's tracer and span (both shapes fit). */
interface BurstTracer {
  startSpan(name: string, options: { attributes: Record<string, string | number> }): { addEvent(name: string, attributes: Record<string, string>): unknown; end(): void };
}

/**
 * One pipeline iteration: `n` request spans (5 attributes, 1 event) started and ended, then a
 * flush, so a batch goes through the processor, the encoder and the transport. The same for both
 * SDKs, which is what makes the rows comparable.
 */
export function spanBurst(tracer: BurstTracer, flush: () => Promise<void>, n: number): () => Promise<void> {
  return async () => {
    for (let i = 0; i < n; i++) {
      const s = tracer.startSpan('GET /users/:id', { attributes: requestAttributes(i) });
      s.addEvent('cache.miss', { 'cache.key': `user:${i}` });
      s.end();
    }
    await flush();
  };
}
