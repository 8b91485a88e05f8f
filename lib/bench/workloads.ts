/**
 * The cases `zerotel bench` measures, written once against a small set of
 * handles that each target fills in: the official SDK behind
 * @opentelemetry/api, zerotel behind the same API, or zerotel's native API.
 * Span cases end every call with a flush, so each span goes through the
 * batch processor to the exporter: the steady state of an application, not
 * a queue that fills up and drops.
 */

/** What a span case needs of a span (the API's Span and zerotel's). */
export interface BenchSpan {
  setAttribute(key: string, value: string | number): unknown;
  addEvent(name: string): unknown;
  end(): void;
}

export interface BenchHandles {
  startSpan(name: string): BenchSpan;
  startActiveSpan(name: string, fn: (span: BenchSpan) => void): void;
  /** Extracts `carrier` into a context and injects that context into a new carrier. */
  extractInject(carrier: Record<string, string>): Record<string, string>;
  counterAdd(value: number, attributes: Record<string, string | number>): void;
  histogramRecord(value: number, attributes: Record<string, string | number>): void;
  /** Waits until every span ended so far was handed to the exporter. */
  flush(): Promise<void>;
  /** The whole pipeline: a span through a batch processor and an OTLP/HTTP exporter to a loopback sink (when set up). */
  pipelineSpan?: ((name: string) => BenchSpan) | undefined;
  pipelineFlush?: (() => Promise<void>) | undefined;
}

export interface WorkloadCase {
  readonly name: string;
  /** Operations per call. */
  readonly ops: number;
  /** Undefined when the target cannot run it (the reason is said instead). */
  readonly call: (() => unknown) | undefined;
}

const SPANS = 500;
const PAIRS = 250;
const RECORDS = 1000;
const TRACEPARENT = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };
const ATTRS = { 'http.request.method': 'GET', 'http.route': '/users/:id', 'http.response.status_code': 200 };

export const CASE_NAMES = [
  'span start+end',
  'span + 3 attributes + event',
  'active parent + child',
  'traceparent extract+inject',
  'counter.add, 3 attributes',
  'histogram.record, 3 attributes',
  'pipeline: span → OTLP/HTTP loopback',
] as const;

export function workload(h: BenchHandles, pipeline: boolean): WorkloadCase[] {
  const cases: WorkloadCase[] = [
    {
      name: CASE_NAMES[0],
      ops: SPANS,
      call: async () => {
        for (let i = 0; i < SPANS; i++) h.startSpan('op').end();
        await h.flush();
      },
    },
    {
      name: CASE_NAMES[1],
      ops: SPANS,
      call: async () => {
        for (let i = 0; i < SPANS; i++) {
          const s = h.startSpan('op');
          s.setAttribute('http.request.method', 'GET');
          s.setAttribute('http.response.status_code', 200);
          s.setAttribute('url.path', '/users/:id');
          s.addEvent('cache.miss');
          s.end();
        }
        await h.flush();
      },
    },
    {
      name: CASE_NAMES[2],
      ops: PAIRS,
      call: async () => {
        for (let i = 0; i < PAIRS; i++) {
          h.startActiveSpan('parent', (p) => {
            h.startSpan('child').end();
            p.end();
          });
        }
        await h.flush();
      },
    },
    {
      name: CASE_NAMES[3],
      ops: SPANS,
      call: () => {
        let out: Record<string, string> | undefined;
        for (let i = 0; i < SPANS; i++) out = h.extractInject(TRACEPARENT);
        return out;
      },
    },
    {
      name: CASE_NAMES[4],
      ops: RECORDS,
      call: () => {
        for (let i = 0; i < RECORDS; i++) h.counterAdd(1, ATTRS);
      },
    },
    {
      name: CASE_NAMES[5],
      ops: RECORDS,
      call: () => {
        for (let i = 0; i < RECORDS; i++) h.histogramRecord(i & 1023, ATTRS);
      },
    },
  ];
  if (pipeline) {
    const span = h.pipelineSpan;
    const flush = h.pipelineFlush;
    cases.push({
      name: CASE_NAMES[6],
      ops: SPANS,
      call:
        span === undefined || flush === undefined
          ? undefined
          : async () => {
              for (let i = 0; i < SPANS; i++) {
                const s = span('op');
                s.setAttribute('http.request.method', 'GET');
                s.end();
              }
              await flush();
            },
    });
  }
  return cases;
}
