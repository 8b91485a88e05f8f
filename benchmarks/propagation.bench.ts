/**
 * W3C propagation, official @opentelemetry/core propagators vs zerotel: the
 * work a service does per hop — extract the incoming headers, inject them
 * into an outgoing request. Also the zero-subscriber cost of the HTTP
 * channels (what an uninstrumented request pays for the instrumentation
 * being loadable).
 */
import dc from 'node:diagnostics_channel';
import { ROOT_CONTEXT as OTEL_ROOT, defaultTextMapGetter, defaultTextMapSetter } from '@opentelemetry/api';
import {
  CompositePropagator as OtelComposite,
  W3CBaggagePropagator as OtelBaggage,
  W3CTraceContextPropagator as OtelTraceContext,
} from '@opentelemetry/core';
import type { BenchSuite } from './harness.js';
import { objectGetter, objectSetter } from '../lib/propagation/carriers.js';
import { ROOT_CONTEXT } from '../lib/context/context.js';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '../lib/propagation/propagation.js';

const OPS = 100;

export const propagationSuite: BenchSuite = {
  name: 'propagation',
  setup() {
    const headers = {
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      tracestate: 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE,fw529a3039@dt=-2',
    };
    const withBaggage = { ...headers, baggage: 'tenant=acme,user=b%C3%B6b,region=eu-west-1' };
    const otc = new OtelTraceContext();
    const ztc = new W3CTraceContextPropagator();
    const ocomp = new OtelComposite({ propagators: [new OtelTraceContext(), new OtelBaggage()] });
    const zcomp = new CompositePropagator([new W3CTraceContextPropagator(), new W3CBaggagePropagator()]);
    let sink: unknown = undefined;
    void sink;
    const unheard = dc.channel('zerotel.bench.unheard');
    return [
      {
        task: 'traceparent + 3-member tracestate extract+inject',
        ops: OPS,
        target: 5,
        official: () => {
          for (let i = 0; i < OPS; i++) {
            const out: Record<string, string> = {};
            otc.inject(otc.extract(OTEL_ROOT, headers, defaultTextMapGetter), out, defaultTextMapSetter);
            sink = out;
          }
        },
        zerotel: () => {
          for (let i = 0; i < OPS; i++) {
            const out: Record<string, string> = {};
            ztc.inject(ztc.extract(ROOT_CONTEXT, headers, objectGetter), out, objectSetter);
            sink = out;
          }
        },
      },
      {
        task: 'trace context + baggage (composite) extract+inject',
        ops: OPS,
        official: () => {
          for (let i = 0; i < OPS; i++) {
            const out: Record<string, string> = {};
            ocomp.inject(ocomp.extract(OTEL_ROOT, withBaggage, defaultTextMapGetter), out, defaultTextMapSetter);
            sink = out;
          }
        },
        zerotel: () => {
          for (let i = 0; i < OPS; i++) {
            const out: Record<string, string> = {};
            zcomp.inject(zcomp.extract(ROOT_CONTEXT, withBaggage, objectGetter), out, objectSetter);
            sink = out;
          }
        },
      },
      {
        task: 'diagnostics_channel publish, no subscriber',
        ops: OPS,
        zerotel: () => {
          for (let i = 0; i < OPS; i++) if (unheard.hasSubscribers) unheard.publish({ i });
        },
      },
    ];
  },
};
