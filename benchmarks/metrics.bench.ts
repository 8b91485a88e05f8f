/**
 * Metrics hot paths, official @opentelemetry/sdk-metrics 2.12 vs zerotel, each
 * with one cumulative reader attached (so measurements are really aggregated).
 */
import { MeterProvider as OfficialMeterProvider, MetricReader as OfficialMetricReader } from '@opentelemetry/sdk-metrics';
import { ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import type { BenchSuite } from './harness.js';
import { MeterProvider } from '../lib/metrics/meter-provider.js';
import { MetricReader } from '../lib/metrics/metric-reader.js';
import { encodeMetricsProto } from '../lib/otlp/metrics-proto.js';

const OPS = 100;
const SERIES = 1000;

class OfficialReader extends OfficialMetricReader {
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** Keeps results alive so the encoders cannot be optimized away. */
let sink = 0;

export const metricsSuite: BenchSuite = {
  name: 'metrics',
  setup() {
    const officialReader = new OfficialReader();
    const om = new OfficialMeterProvider({ readers: [officialReader] }).getMeter('bench');
    const zerotelReader = new MetricReader();
    const zm = new MeterProvider({ readers: [zerotelReader] }).getMeter('bench');
    const oc = om.createCounter('requests');
    const zc = zm.createCounter('requests');
    const oh = om.createHistogram('duration', { unit: 'ms' });
    const zh = zm.createHistogram('duration', { unit: 'ms' });
    const attrs = { 'http.request.method': 'GET', 'http.response.status_code': 200, 'url.path': '/users/:id' };
    const bound = zc.bind(attrs);

    // 1,000 series: 500 counter series + 500 histogram series.
    const oRm = new OfficialReader();
    const oBig = new OfficialMeterProvider({ readers: [oRm] }).getMeter('bench');
    const zRm = new MetricReader();
    const zBig = new MeterProvider({ readers: [zRm] }).getMeter('bench');
    const [oc2, oh2, zc2, zh2] = [oBig.createCounter('c'), oBig.createHistogram('h'), zBig.createCounter('c'), zBig.createHistogram('h')];
    for (let i = 0; i < SERIES / 2; i++) {
      const a = { 'http.route': `/r/${i}`, 'http.response.status_code': 200 + (i % 5) };
      oc2.add(i, a);
      zc2.add(i, a);
      oh2.record(i % 300, a);
      zh2.record(i % 300, a);
    }

    return [
      {
        task: 'counter.add, 3 attributes (same object)',
        ops: OPS,
        target: 8,
        official: () => {
          for (let i = 0; i < OPS; i++) oc.add(1, attrs);
        },
        zerotel: () => {
          for (let i = 0; i < OPS; i++) zc.add(1, attrs);
        },
      },
      {
        task: 'counter.add, 3 attributes (fresh object)',
        ops: OPS,
        target: 8,
        official: () => {
          for (let i = 0; i < OPS; i++) oc.add(1, { 'http.request.method': 'GET', 'http.response.status_code': 200, 'url.path': '/users/:id' });
        },
        zerotel: () => {
          for (let i = 0; i < OPS; i++) zc.add(1, { 'http.request.method': 'GET', 'http.response.status_code': 200, 'url.path': '/users/:id' });
        },
      },
      {
        task: 'histogram.record, 3 attributes (same object)',
        ops: OPS,
        target: 8,
        official: () => {
          for (let i = 0; i < OPS; i++) oh.record(i, attrs);
        },
        zerotel: () => {
          for (let i = 0; i < OPS; i++) zh.record(i, attrs);
        },
      },
      {
        task: 'histogram.record, 3 attributes (fresh object)',
        ops: OPS,
        target: 8,
        official: () => {
          for (let i = 0; i < OPS; i++) oh.record(i, { 'http.request.method': 'GET', 'http.response.status_code': 200, 'url.path': '/users/:id' });
        },
        zerotel: () => {
          for (let i = 0; i < OPS; i++) zh.record(i, { 'http.request.method': 'GET', 'http.response.status_code': 200, 'url.path': '/users/:id' });
        },
      },
      {
        task: 'bound counter.add (zerotel only)',
        ops: OPS,
        zerotel: () => {
          for (let i = 0; i < OPS; i++) bound.add(1);
        },
      },
      {
        task: `collect + OTLP/protobuf encode, ${SERIES} series`,
        note: `collect+encode of ${SERIES} series (500 sums + 500 histograms)`,
        official: async () => {
          const { resourceMetrics } = await oRm.collect();
          sink += ProtobufMetricsSerializer.serializeRequest(resourceMetrics)!.length;
        },
        zerotel: async () => {
          const rm = await zRm.collect();
          sink += encodeMetricsProto(rm!).length;
        },
      },
    ];
  },
  teardown() {
    if (sink < 0) console.log(sink);
  },
};
