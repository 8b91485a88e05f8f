// The trace search language: `field:value`, `-field:value`, `duration:>100ms`,
// `status:error`, quoted values, and bare words. Summary fields (service, status,
// duration, trace, spans, errors) are judged in the page, so live updates are
// filtered as they arrive; the server judges what needs every span of a trace:
// `name:` (any span so named), bare words (in any span's name or attributes) and
// any other field (an attribute, `attr=key=value`; negated, the traces the server
// finds with it are left out).

const UNIT_MS = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };
const SUMMARY_FIELDS = new Set(['service', 'name', 'status', 'duration', 'trace', 'traceid', 'spans', 'errors']);

/** Splits on whitespace, keeping "quoted values" whole. */
function tokens(text) {
  const out = [];
  // A leading '-' negates a field term, a quoted phrase or a word alike.
  const re = /(?<=^|\s)(-?)(?:([\w.\-/@]+):("([^"]*)"|\S*)|"([^"]*)"|(\S+))/g;
  let m;
  while ((m = re.exec(text))) {
    const negate = m[1] === '-';
    if (m[2] !== undefined) out.push({ negate, field: m[2], value: m[4] ?? m[3] });
    else if ((m[5] ?? m[6]) !== '') out.push({ negate, field: '', value: m[5] ?? m[6] });
  }
  return out;
}

/** '>100ms' → { op: '>', ms: 100 }; a bare number is milliseconds; without an operator, `dflt`. */
export function parseComparison(v, dflt = '>=') {
  const m = /^(>=|<=|>|<|=)?\s*(\d+(?:\.\d+)?)\s*(ns|us|µs|ms|s|m|min|h)?$/.exec(v.trim());
  if (!m) return null;
  return { op: m[1] || dflt, ms: Number(m[2]) * UNIT_MS[m[3] || 'ms'] };
}

const compare = (a, { op, ms }) => (op === '>' ? a > ms : op === '>=' ? a >= ms : op === '<' ? a < ms : op === '<=' ? a <= ms : Math.abs(a - ms) < 1e-9);

/**
 * Parses the search box. Returns { terms, errors, attrs: ['k=v'], text } where each
 * term has a `test(summary)` for summary fields.
 */
export function parseQuery(text) {
  const terms = [];
  const errors = [];
  const attrs = [];
  const negAttrs = [];
  const words = [];
  const names = [];
  for (const t of tokens(text ?? '')) {
    const field = t.field.toLowerCase();
    const value = t.value;
    let test = null;
    if (!field && !t.negate) {
      words.push(value);
      continue;
    } else if (!field) {
      const w = value.toLowerCase();
      test = (s) => `${s.rootName} ${s.rootService} ${(s.services ?? []).join(' ')} ${s.traceId}`.toLowerCase().includes(w);
    } else if (field === 'name' && !t.negate) {
      names.push(value);
      continue;
    } else if (!SUMMARY_FIELDS.has(field)) {
      (t.negate ? negAttrs : attrs).push(`${t.field}=${value}`);
      continue;
    } else if (field === 'service') {
      test = (s) => (s.services ?? [s.rootService]).some((x) => String(x).toLowerCase() === value.toLowerCase());
    } else if (field === 'name') {
      test = (s) => String(s.rootName ?? '').toLowerCase().includes(value.toLowerCase());
    } else if (field === 'trace' || field === 'traceid') {
      test = (s) => String(s.traceId).startsWith(value.toLowerCase());
    } else if (field === 'status') {
      const v = value.toLowerCase();
      if (!['error', 'ok', 'unset'].includes(v)) errors.push(`status is error, ok or unset (not "${value}")`);
      test = v === 'error' ? (s) => s.errorCount > 0 : (s) => !(s.errorCount > 0);
    } else {
      // duration:100ms means "at least"; spans:12 and errors:0 mean exactly.
      const cmp = parseComparison(value, field === 'duration' ? '>=' : '=');
      if (!cmp) {
        errors.push(`${field}: expected a comparison like >100ms (not "${value}")`);
        continue;
      }
      if (field === 'duration') test = (s) => compare(s.durationMs, cmp);
      else test = (s) => compare(field === 'spans' ? s.spanCount : s.errorCount, { op: cmp.op, ms: cmp.ms });
    }
    terms.push({ field, value, negate: t.negate, test: t.negate ? (s) => !test(s) : test });
  }
  return { terms, errors, attrs, negAttrs, words, names, needsServer: attrs.length + negAttrs.length + words.length + names.length > 0 };
}

/** True when a trace summary passes every summary term. */
export function matches(query, summary) {
  return query.terms.every((t) => t.test(summary));
}

/** Server-side parameters for the parts the page cannot judge from a summary. */
export function serverParams(query) {
  const p = {};
  if (query.attrs.length) p.attr = query.attrs;
  if (query.names.length) p.name = query.names[0];
  if (query.words.length) p.q = query.words.join(' ');
  const status = query.terms.find((t) => t.field === 'status' && !t.negate);
  if (status) p.status = status.value.toLowerCase();
  const service = query.terms.find((t) => t.field === 'service' && !t.negate);
  if (service) p.service = service.value;
  const dur = query.terms.find((t) => t.field === 'duration' && !t.negate && /^>/.test(t.value.trim()));
  if (dur) p.minDurationMs = parseComparison(dur.value)?.ms;
  return p;
}
