/**
 * The global metrics API: one process-wide meter provider (replaceable) and
 * the seed's contracts on its default meter (scope "zerotel"):
 * createCounter / createUpDownCounter / createGauge / createHistogram, and
 * recordMetric(name, value, attributes), which records on the instrument
 * created under that name in the way its kind records.
 */
import type { Attributes } from '../common/attributes.js';
import { diag } from '../common/diag.js';
import { describeValue, safeString } from '../common/exception.js';
import { VERSION } from '../common/version.js';
import { Counter, Gauge, Histogram, UpDownCounter } from './instruments.js';
import type { HistogramOptions, InstrumentOptions, Meter } from './meter.js';
import { MeterProvider } from './meter-provider.js';

let provider: MeterProvider | undefined;
let defaultMeter: Meter | undefined;

/** The global meter provider; created on first use with no reader (records nothing) until one is set. */
export function getMeterProvider(): MeterProvider {
  return (provider ??= new MeterProvider());
}

/**
 * Replaces the global meter provider; returns the previous one (not shut down).
 * Instruments already created keep recording into the provider they came from,
 * so set the provider before creating instruments (zerotel/register does).
 */
export function setMeterProvider(next: MeterProvider): MeterProvider | undefined {
  const prev = provider;
  provider = next;
  defaultMeter = undefined;
  return prev;
}

export function getMeter(name: string, version?: string): Meter {
  return getMeterProvider().getMeter(name, version);
}

/** The meter behind the seed API. */
export function getDefaultMeter(): Meter {
  return (defaultMeter ??= getMeterProvider().getMeter('zerotel', VERSION));
}

export function createCounter(name: string, options?: InstrumentOptions): Counter {
  return getDefaultMeter().createCounter(name, options);
}

export function createUpDownCounter(name: string, options?: InstrumentOptions): UpDownCounter {
  return getDefaultMeter().createUpDownCounter(name, options);
}

export function createGauge(name: string, options?: InstrumentOptions): Gauge {
  return getDefaultMeter().createGauge(name, options);
}

export function createHistogram(name: string, options?: HistogramOptions): Histogram {
  return getDefaultMeter().createHistogram(name, options);
}

/** diag prints only the first drop of a kind, so reasons are given lazily and built only then. */
const MEASUREMENT = 'metric.measurement';

/**
 * Records `value` on the instrument created under `name` on the default meter:
 * add for counters, set for gauges, record for histograms. An unknown name, an
 * observable instrument or a non-finite value is reported and counted.
 */
export function recordMetric(name: string, value: number, attributes?: Attributes): void {
  const inst = getDefaultMeter().instrument(name);
  if (typeof value !== 'number' || value - value !== 0) {
    diag.dropped(MEASUREMENT, 1, () => `recordMetric("${safeString(name)}") needs a finite number, got ${describeValue(value)}`);
    return;
  }
  if (inst instanceof Counter || inst instanceof UpDownCounter) inst.add(value, attributes);
  else if (inst instanceof Histogram) inst.record(value, attributes);
  else if (inst instanceof Gauge) inst.set(value, attributes);
  else {
    diag.dropped(MEASUREMENT, 1, () =>
      inst === undefined
        ? `recordMetric: no instrument named "${safeString(name)}" (create it first)`
        : `recordMetric: "${safeString(name)}" is observable; it reports through its callback`,
    );
  }
}
