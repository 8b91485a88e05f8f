/**
 * The Prometheus text exposition format (version 0.0.4) of a collection, as
 * the OpenTelemetry → Prometheus compatibility spec maps it:
 *  - names: characters outside [a-zA-Z0-9_:] become `_` (runs collapse), a
 *    leading digit gets a `_` prefix; the unit is appended in Prometheus form
 *    (`ms` → `_milliseconds`, `By` → `_bytes`, `m/s` → `_meters_per_second`,
 *    `{thing}` annotations dropped, `1` on a gauge → `_ratio`); monotonic sums
 *    are counters with `_total`; other sums and gauges are gauges;
 *  - histograms: `_bucket{le="…"}` (cumulative), `_sum`, `_count`;
 *  - labels: keys sanitized like names, values escaped (`\\`, `\"`, `\n`),
 *    plus `otel_scope_name` / `otel_scope_version`;
 *  - the resource as `target_info{…} 1`.
 * Exponential histograms have no text form (native histograms need the
 * protobuf format): they are skipped and reported once.
 */
import type { Attributes } from '../common/attributes.js';
import { describeError, diag } from '../common/diag.js';
import { readOptions } from '../common/options.js';
import type { InstrumentationScope } from '../common/resource.js';
import type { HistogramDataPoint, MetricData, NumberDataPoint, ResourceMetrics } from '../metrics/metric-data.js';
import { AggregationTemporality, MetricKind } from '../metrics/metric-data.js';
import { describeValue } from '../common/exception.js';

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const UNITS: Record<string, string> = {
  d: 'days',
  h: 'hours',
  min: 'minutes',
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
  By: 'bytes',
  KiBy: 'kibibytes',
  MiBy: 'mebibytes',
  GiBy: 'gibibytes',
  TiBy: 'tibibytes',
  KBy: 'kilobytes',
  MBy: 'megabytes',
  GBy: 'gigabytes',
  TBy: 'terabytes',
  m: 'meters',
  V: 'volts',
  A: 'amperes',
  J: 'joules',
  W: 'watts',
  g: 'grams',
  Cel: 'celsius',
  Hz: 'hertz',
  '%': 'percent',
};

const PER_UNITS: Record<string, string> = { s: 'second', m: 'minute', h: 'hour', d: 'day', w: 'week', mo: 'month', y: 'year' };

/** A metric or label name made of [a-zA-Z0-9_:] (labels: no `:`), `_` runs collapsed. */
export function sanitizeName(name: string, allowColon = true): string {
  let out = name.replace(allowColon ? /[^a-zA-Z0-9_:]+/g : /[^a-zA-Z0-9_]+/g, '_').replace(/_{2,}/g, '_');
  if (out === '' || (out.charCodeAt(0) >= 48 && out.charCodeAt(0) <= 57)) out = `_${out}`;
  return out;
}

/** The Prometheus unit word for an UCUM unit ('' when there is none). */
export function prometheusUnit(unit: string, isGauge: boolean): string {
  const u = unit.replace(/\{[^}]*\}/g, '').trim();
  if (u === '') return '';
  if (u === '1') return isGauge ? 'ratio' : '';
  const slash = u.indexOf('/');
  if (slash >= 0) {
    const a = u.slice(0, slash);
    const b = u.slice(slash + 1);
    const right = PER_UNITS[b] ?? b;
    const words = a === '' ? `per_${right}` : `${UNITS[a] ?? a}_per_${right}`;
    return sanitizeName(words, false).replace(/^_|_$/g, '');
  }
  return sanitizeName(UNITS[u] ?? u, false).replace(/^_|_$/g, '');
}

/** The exposed name of a metric (without the histogram suffixes). */
export function prometheusName(m: MetricData): string {
  const isCounter = m.kind === MetricKind.SUM && m.isMonotonic;
  let name = sanitizeName(m.name);
  const unit = prometheusUnit(m.unit, m.kind === MetricKind.GAUGE || (m.kind === MetricKind.SUM && !m.isMonotonic));
  if (isCounter && name.endsWith('_total')) name = name.slice(0, -6);
  if (unit !== '' && !name.endsWith(`_${unit}`)) name += `_${unit}`;
  if (isCounter) name += '_total';
  return name;
}

export function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function escapeHelp(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** A sample value: Go's ParseFloat forms, with +Inf / -Inf / NaN. */
export function formatValue(v: number): string {
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (v !== v) return 'NaN';
  return String(v);
}

function labelValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return JSON.stringify(v);
  return String(v);
}

/**
 * `k="v",…` for attributes plus `extra` (already formatted) — keys sanitized;
 * keys that collide after sanitizing have their values joined with `;`.
 */
function labels(attrs: Readonly<Attributes>, extra: string): string {
  const all = new Map<string, string>();
  for (const k in attrs) {
    if (!Object.hasOwn(attrs, k)) continue;
    const v = attrs[k];
    if (v === undefined) continue;
    const key = sanitizeName(k, false);
    const prev = all.get(key);
    all.set(key, prev === undefined ? labelValue(v) : `${prev};${labelValue(v)}`);
  }
  let out = '';
  for (const [k, v] of all) out += `${out ? ',' : ''}${k}="${escapeLabelValue(v)}"`;
  if (extra) out += out ? `,${extra}` : extra;
  return out;
}

function scopeLabels(scope: InstrumentationScope): string {
  let s = `otel_scope_name="${escapeLabelValue(scope.name)}"`;
  if (scope.version) s += `,otel_scope_version="${escapeLabelValue(scope.version)}"`;
  return s;
}

interface Family {
  readonly type: 'counter' | 'gauge' | 'histogram';
  readonly help: string;
  body: string;
}

export interface PrometheusTextOptions {
  /** Omit `target_info` (default: include it). */
  readonly withoutTargetInfo?: boolean;
  /** Omit the otel_scope_* labels (default: include them). */
  readonly withoutScopeLabels?: boolean;
}

/**
 * Serializes a (cumulative) collection in the text exposition format. A value
 * that is not a collection (or one that cannot be read) gives the empty text,
 * reported: the scrape answers, the application goes on.
 */
export function toPrometheusText(rm: ResourceMetrics, options: PrometheusTextOptions = {}): string {
  if (rm === null || typeof rm !== 'object') {
    diag.error(`toPrometheusText needs a collection, got ${describeValue(rm)}`);
    return '';
  }
  try {
    const o = readOptions<PrometheusTextOptions>('toPrometheusText', options, ['withoutTargetInfo', 'withoutScopeLabels']);
    return render(rm, { withoutTargetInfo: o.withoutTargetInfo === true, withoutScopeLabels: o.withoutScopeLabels === true });
  } catch (err) {
    diag.error(`toPrometheusText: ${describeError(err)}`);
    return '';
  }
}

function render(rm: ResourceMetrics, options: PrometheusTextOptions): string {
  const families = new Map<string, Family>();
  for (const sm of rm.scopeMetrics) {
    const scope = options.withoutScopeLabels ? '' : scopeLabels(sm.scope);
    for (const m of sm.metrics) {
      if (m.kind === MetricKind.EXPONENTIAL_HISTOGRAM) {
        diag.warnOnce(`prometheus.exp.${m.name}`, `metric "${m.name}": exponential histograms have no Prometheus text form; skipped`);
        continue;
      }
      if (m.temporality === AggregationTemporality.DELTA && m.kind !== MetricKind.GAUGE) {
        diag.warnOnce(`prometheus.delta.${m.name}`, `metric "${m.name}": delta temporality cannot be exposed to Prometheus; skipped`);
        continue;
      }
      const name = prometheusName(m);
      const type = m.kind === MetricKind.HISTOGRAM ? 'histogram' : m.kind === MetricKind.SUM && m.isMonotonic ? 'counter' : 'gauge';
      let family = families.get(name);
      if (family === undefined) {
        family = { type, help: m.description, body: '' };
        families.set(name, family);
      } else if (family.type !== type) {
        diag.warnOnce(`prometheus.conflict.${name}`, `metric "${m.name}" maps to "${name}", already exposed as a ${family.type}; skipped`);
        continue;
      }
      if (m.kind === MetricKind.HISTOGRAM) {
        for (const p of m.points) family.body += histogramLines(name, p, scope);
      } else {
        for (const p of m.points as NumberDataPoint[]) {
          const l = labels(p.attributes, scope);
          family.body += `${name}${l ? `{${l}}` : ''} ${formatValue(p.value)}\n`;
        }
      }
    }
  }
  let out = '';
  if (!options.withoutTargetInfo) {
    const l = labels(rm.resource.attributes, '');
    out += `# HELP target_info Target metadata\n# TYPE target_info gauge\ntarget_info${l ? `{${l}}` : ''} 1\n`;
  }
  for (const [name, f] of families) {
    if (f.help) out += `# HELP ${name} ${escapeHelp(f.help)}\n`;
    out += `# TYPE ${name} ${f.type}\n${f.body}`;
  }
  return out;
}

function histogramLines(name: string, p: HistogramDataPoint, scope: string): string {
  const base = labels(p.attributes, scope);
  const prefix = base ? `${base},` : '';
  let out = '';
  let cumulative = 0;
  for (let i = 0; i < p.boundaries.length; i++) {
    cumulative += p.bucketCounts[i] ?? 0;
    out += `${name}_bucket{${prefix}le="${formatValue(p.boundaries[i]!)}"} ${cumulative}\n`;
  }
  out += `${name}_bucket{${prefix}le="+Inf"} ${p.count}\n`;
  const l = base ? `{${base}}` : '';
  out += `${name}_sum${l} ${formatValue(p.sum)}\n${name}_count${l} ${p.count}\n`;
  return out;
}
