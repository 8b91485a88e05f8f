/**
 * Tracing settings from the environment: exporters, sampler, span limits,
 * batch processor and OTLP exporter options. Pure: env in, options out.
 */
import { diag } from '../common/diag.js';
import type { BatchOptions } from '../common/batch-options.js';
import { BSP_DEFAULTS } from '../common/batch-options.js';
import type { Sampler } from '../trace/sampler.js';
import { AlwaysOffSampler, AlwaysOnSampler, ParentBasedSampler, TraceIdRatioBasedSampler } from '../trace/sampler.js';
import type { SpanLimits } from '../trace/span-limits.js';
import type { Env } from './env.js';
import { envBatchOptions, envExporters, envLimit, envNumber, envString } from './env.js';
import type { OtlpExporterConfig } from './otlp-config.js';
import { otlpExporterConfig } from './otlp-config.js';

export type TracesExporterName = 'otlp' | 'console' | 'none';

export interface TraceConfig {
  /** Which exporters to run (empty: tracing records but exports nothing). */
  exporters: TracesExporterName[];
  sampler: Sampler;
  spanLimits: Partial<SpanLimits>;
  batch: Required<BatchOptions>;
  otlp: OtlpExporterConfig;
}

const EXPORTERS: readonly TracesExporterName[] = ['otlp', 'console', 'none'];

/** OTEL_TRACES_EXPORTER: comma-separated; unset means otlp; `none` alone means nothing. */
export function tracesExporters(env: Env): TracesExporterName[] {
  return envExporters(env, 'OTEL_TRACES_EXPORTER', EXPORTERS, 'otlp');
}

/** OTEL_TRACES_SAMPLER and OTEL_TRACES_SAMPLER_ARG; default parentbased_always_on. */
export function samplerFromEnv(env: Env): Sampler {
  const name = envString(env, 'OTEL_TRACES_SAMPLER')?.toLowerCase() ?? 'parentbased_always_on';
  const ratio = (): number => envNumber(env, 'OTEL_TRACES_SAMPLER_ARG', 1, { min: 0, max: 1 });
  switch (name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio());
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio()) });
    default:
      diag.warnOnce(
        `env:OTEL_TRACES_SAMPLER:${name}`,
        `invalid OTEL_TRACES_SAMPLER="${name}" (expected always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, parentbased_traceidratio); using the default "parentbased_always_on"`,
      );
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

/** OTEL_SPAN_* limits, falling back to the general OTEL_ATTRIBUTE_* ones; unset entries keep the defaults. */
export function spanLimitsFromEnv(env: Env): Partial<SpanLimits> {
  const out: { -readonly [K in keyof SpanLimits]?: number } = {};
  // Each limit: what it means, its default, and the variables that set it, most specific first.
  const set = (key: keyof SpanLimits, meaning: string, fallback: string, ...names: string[]): void => {
    for (let i = 0; i < names.length; i++) {
      const otherwise = [...names.slice(i + 1), `the default ${fallback}`].join(' or ');
      const v = envLimit(env, names[i]!, { meaning, otherwise });
      if (v !== undefined) {
        out[key] = v;
        return;
      }
    }
  };
  set('attributeCountLimit', 'the most attributes kept per span', '128', 'OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT', 'OTEL_ATTRIBUTE_COUNT_LIMIT');
  set('attributeValueLengthLimit', 'the longest attribute value kept, in characters', '(no limit)', 'OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT', 'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT');
  set('eventCountLimit', 'the most events kept per span', '128', 'OTEL_SPAN_EVENT_COUNT_LIMIT');
  set('linkCountLimit', 'the most links kept per span', '128', 'OTEL_SPAN_LINK_COUNT_LIMIT');
  set('attributePerEventCountLimit', 'the most attributes kept per span event', '128', 'OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT', 'OTEL_ATTRIBUTE_COUNT_LIMIT');
  set('attributePerLinkCountLimit', 'the most attributes kept per span link', '128', 'OTEL_LINK_ATTRIBUTE_COUNT_LIMIT', 'OTEL_ATTRIBUTE_COUNT_LIMIT');
  return out;
}

/** OTEL_BSP_*: queue 2048, batch 512, delay 5000 ms, timeout 30000 ms by default. */
export function batchSpanOptionsFromEnv(env: Env): Required<BatchOptions> {
  return envBatchOptions(env, 'OTEL_BSP', BSP_DEFAULTS);
}

export function traceConfigFromEnv(env: Env): TraceConfig {
  const exporters = tracesExporters(env);
  return {
    exporters,
    sampler: samplerFromEnv(env),
    spanLimits: spanLimitsFromEnv(env),
    batch: batchSpanOptionsFromEnv(env),
    otlp: otlpExporterConfig(env, 'traces', exporters.includes('otlp')),
  };
}
