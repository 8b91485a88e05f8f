/**
 * The global metrics API: one process-wide meter provider (replaceable, in a
 * GlobalSlot), proxy meters and instruments that follow it, and the seed's
 * contracts on its default meter (scope "zerotel"):
 * createCounter / createUpDownCounter / createGauge / createHistogram, and
 * recordMetric(name, value, attributes), which records on the instrument
 * created under that name in the way its kind records.
 */
import { callerScopes } from '../common/scope-registry.js';
import type { Attributes } from '../common/attributes.js';
import { diag } from '../common/diag.js';
import { describeValue, safeString } from '../common/exception.js';
import { VERSION } from '../common/version.js';
import { GlobalSlot } from '../common/global-slot.js';
import type { HistogramOptions, InstrumentOptions } from './meter.js';
import { MeterProvider } from './meter-provider.js';
import type { MeterOptions } from './meter-provider.js';
import { ProxyCounter, ProxyGauge, ProxyHistogram, ProxyMeter, ProxyUpDownCounter } from './proxy-meter.js';

const slot = new GlobalSlot<MeterProvider>('setMeterProvider', () => new MeterProvider(), (p) => p instanceof MeterProvider);
const proxies = callerScopes((s) => new ProxyMeter(slot, s.name as string, s.version as string | undefined, s.options as MeterOptions | undefined));

/** The global meter provider; created on first use with no reader (records nothing) until one is set. */
export function getMeterProvider(): MeterProvider {
  return slot.get();
}

/**
 * Replaces the global meter provider and returns the previous one (not shut
 * down). Meters and instruments handed out by this module follow: a counter
 * created before records into the new provider from its next call on, an
 * observable instrument's callbacks move at once. Anything but a
 * MeterProvider is reported and ignored (`undefined` restores a default).
 */
export function setMeterProvider(next: MeterProvider | undefined): MeterProvider | undefined {
  return slot.set(next);
}

/** Calls `listener` after every accepted `setMeterProvider` (zerotel internals that must follow the global provider: the dashboard). */
export function onMeterProviderChange(listener: () => void): void {
  slot.onChange(listener);
}

/** A meter for a scope that records through the global provider of the moment; the same object per scope. */
export function getMeter(name: string, version?: string, options?: MeterOptions): ProxyMeter {
  return proxies.get(name, version, options);
}

/** The meter behind the seed API (scope "zerotel"). */
export function getDefaultMeter(): ProxyMeter {
  return getMeter('zerotel', VERSION);
}

export function createCounter(name: string, options?: InstrumentOptions): ProxyCounter {
  return getDefaultMeter().createCounter(name, options);
}

export function createUpDownCounter(name: string, options?: InstrumentOptions): ProxyUpDownCounter {
  return getDefaultMeter().createUpDownCounter(name, options);
}

export function createGauge(name: string, options?: InstrumentOptions): ProxyGauge {
  return getDefaultMeter().createGauge(name, options);
}

export function createHistogram(name: string, options?: HistogramOptions): ProxyHistogram {
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
  if (inst instanceof ProxyCounter || inst instanceof ProxyUpDownCounter) inst.add(value, attributes);
  else if (inst instanceof ProxyHistogram) inst.record(value, attributes);
  else if (inst instanceof ProxyGauge) inst.set(value, attributes);
  else {
    diag.dropped(MEASUREMENT, 1, () =>
      inst === undefined
        ? `recordMetric: no instrument named "${safeString(name)}" (create it first)`
        : `recordMetric: "${safeString(name)}" is observable; it reports through its callback`,
    );
  }
}
