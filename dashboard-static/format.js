// Formatting of numbers, durations, sizes, times and OTLP/JSON values as text.

export function fmtDuration(ms) {
  if (!Number.isFinite(ms)) return '–';
  if (ms === 0) return '0';
  if (ms < 0.001) return `${Math.round(ms * 1e6)} ns`;
  if (ms < 1) return `${(ms * 1000).toFixed(ms < 0.01 ? 2 : 0)} µs`;
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function fmtBytes(n) {
  if (!Number.isFinite(n)) return '–';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

export function fmtNumber(n, digits = 2) {
  if (typeof n !== 'number' || !Number.isFinite(n)) return n === undefined || n === null ? '–' : String(n);
  const a = Math.abs(n);
  if (a !== 0 && (a >= 1e9 || a < 1e-3)) return n.toExponential(2);
  if (a >= 1e6) return `${(n / 1e6).toFixed(digits)}M`;
  if (a >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  if (Number.isInteger(n)) return String(n);
  return String(Number(n.toFixed(a < 1 ? Math.max(digits, 3) : digits)));
}

export function fmtPercent(ratio) {
  return Number.isFinite(ratio) ? `${(ratio * 100).toFixed(ratio < 0.1 ? 2 : 1)} %` : '–';
}

/** A value with its unit; UCUM-ish units for bytes and durations become readable. */
export function fmtWithUnit(value, unit) {
  if (typeof value !== 'number') return '–';
  if (unit === 'By') return fmtBytes(value);
  if (unit === 'ms') return fmtDuration(value);
  if (unit === 's') return fmtDuration(value * 1000);
  if (unit === 'us') return fmtDuration(value / 1000);
  if (unit === 'ns') return fmtDuration(value / 1e6);
  if (unit === '1') return fmtNumber(value);
  const u = unit ? ` ${unit.replace(/^\{(.*)\}$/, '$1')}` : '';
  return `${fmtNumber(value)}${u}`;
}

/** Unix nanoseconds (a decimal string) → milliseconds as a number (sub-ms kept). */
export function nanosToMs(nanos) {
  if (typeof nanos === 'number') return nanos / 1e6;
  const s = String(nanos ?? '0');
  if (s.length <= 6) return Number(s) / 1e6;
  return Number(s.slice(0, -6)) + Number(s.slice(-6)) / 1e6;
}

export function fmtClock(ms) {
  const d = new Date(ms);
  const p = (n, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

export function fmtAgo(ms) {
  const s = (Date.now() - ms) / 1000;
  if (s < 1) return 'now';
  if (s < 60) return `${Math.floor(s)} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  return fmtClock(ms);
}

/** An OTLP/JSON AnyValue as display text. */
export function anyValueText(v) {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'object') return String(v);
  if ('stringValue' in v) return String(v.stringValue);
  if ('intValue' in v) return String(v.intValue);
  if ('doubleValue' in v) return String(v.doubleValue);
  if ('boolValue' in v) return String(v.boolValue);
  if ('bytesValue' in v) return `base64:${v.bytesValue}`;
  if ('arrayValue' in v) return `[${(v.arrayValue?.values ?? []).map((x) => anyValueJson(x)).join(', ')}]`;
  if ('kvlistValue' in v) return `{${(v.kvlistValue?.values ?? []).map((kv) => `${kv.key}: ${anyValueJson(kv.value)}`).join(', ')}}`;
  return JSON.stringify(v);
}

function anyValueJson(v) {
  if (v && typeof v === 'object' && 'stringValue' in v) return JSON.stringify(String(v.stringValue));
  return anyValueText(v);
}

/** The plain JS value of an AnyValue, for matching (strings, numbers, booleans). */
export function anyValuePlain(v) {
  if (!v || typeof v !== 'object') return v;
  if ('stringValue' in v) return v.stringValue;
  if ('intValue' in v) return Number(v.intValue);
  if ('doubleValue' in v) return Number(v.doubleValue);
  if ('boolValue' in v) return v.boolValue;
  return anyValueText(v);
}

/** Attributes (an OTLP key/value list or a plain object) as [key, text] pairs. */
export function attrPairs(attrs) {
  if (!attrs) return [];
  if (Array.isArray(attrs)) return attrs.map((kv) => [String(kv.key), anyValueText(kv.value)]);
  return Object.keys(attrs).map((k) => [k, typeof attrs[k] === 'object' ? anyValueText(attrs[k]) : String(attrs[k])]);
}

export function attrValue(attrs, key) {
  const kv = Array.isArray(attrs) ? attrs.find((a) => a.key === key) : undefined;
  return kv ? anyValueText(kv.value) : undefined;
}

export const SPAN_KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

/** Severity number → the OpenTelemetry short name and a CSS class. */
export function severityClass(n) {
  if (n >= 21) return 'fatal';
  if (n >= 17) return 'error';
  if (n >= 13) return 'warn';
  if (n >= 9) return 'info';
  if (n >= 5) return 'debug';
  if (n >= 1) return 'trace';
  return 'unset';
}

export function severityName(n, text) {
  if (text) return String(text);
  const c = severityClass(n);
  return c === 'unset' ? '—' : c.toUpperCase();
}
