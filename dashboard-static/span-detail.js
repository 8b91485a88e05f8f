// The span detail panel: identity and timing, attributes, events, links (a link to
// another trace opens it; links pointing here are shown as backlinks), resource,
// scope, and the span's own log records, fetched for it.
import { getJson } from './api.js';
import { h, setChildren, textOrLink } from './dom.js';
import { anyValueText, attrPairs, fmtClock, fmtDuration, nanosToMs, severityClass, severityName, SPAN_KINDS } from './format.js';
import { routeHref } from './router.js';

const STATUS = ['unset', 'ok', 'error'];

function kvTable(pairs, empty = 'none') {
  if (!pairs.length) return h('p.muted', { text: empty });
  return h('table.kv', null, h('tbody', null, pairs.map(([k, v]) => h('tr', null, h('th', { scope: 'row', text: k }), h('td', null, textOrLink(v))))));
}

function section(title, ...content) {
  return h('section.detail-section', null, h('h3', { text: title }), ...content);
}

export function renderDetail(panel, node, { traceId, backlinks, close }) {
  const s = node.span;
  const start = nanosToMs(s.startTimeUnixNano);
  const closeBtn = h('button.close', { type: 'button', 'aria-label': 'Close details (Esc)', text: '×', onclick: close });
  const logsBox = h('div', null, h('p.muted', { text: 'loading…' }));
  const links = (s.links ?? []).map((l) =>
    h('li', null,
      h('a', { href: routeHref('trace', l.traceId, { span: l.spanId }), text: l.traceId === traceId ? `span ${l.spanId} (this trace)` : `trace ${l.traceId} · span ${l.spanId}` }),
      kvTable(attrPairs(l.attributes), '')));
  const back = (backlinks ?? []).filter((b) => b.traceId === traceId && b.spanId === s.spanId).map((b) =>
    h('li', null, h('a', { href: routeHref('trace', b.fromTraceId, { span: b.fromSpanId }), text: `from trace ${b.fromTraceId} · span ${b.fromSpanId}` })));
  const events = (s.events ?? []).map((e) =>
    h('li', null,
      h('div', null, h('strong', { text: e.name ?? '' }), h('span.muted', { text: ` +${fmtDuration(nanosToMs(e.timeUnixNano) - start)}` })),
      kvTable(attrPairs(e.attributes), '')));
  const scope = s.scope ?? {};
  const statusName = STATUS[s.status?.code ?? 0] ?? String(s.status?.code);
  setChildren(panel,
    h('div.detail-head', null, h('h2', { text: s.name ?? '' }), closeBtn),
    kvTable([
      ['service', s.service ?? ''],
      ['kind', SPAN_KINDS[s.kind ?? 0] ?? String(s.kind)],
      ['status', s.status?.message ? `${statusName}: ${s.status.message}` : statusName],
      ['duration', fmtDuration(node.end - node.start)],
      ['start', `${fmtClock(start)} (+${fmtDuration(node.start)})`],
      ['span id', s.spanId ?? ''],
      ['parent', s.parentSpanId ? `${s.parentSpanId}${node.orphan ? ' (not received)' : ''}` : '(root)'],
      ['trace id', s.traceId ?? traceId],
    ]),
    section('Attributes', kvTable(attrPairs(s.attributes))),
    section(`Events (${events.length})`, events.length ? h('ul.plain', null, events) : h('p.muted', { text: 'none' })),
    section(`Links (${links.length})`, links.length ? h('ul.plain', null, links) : h('p.muted', { text: 'none' })),
    back.length ? section(`Linked from (${back.length})`, h('ul.plain.backlinks', null, back)) : null,
    section('Logs', logsBox),
    section('Resource', kvTable(attrPairs(s.resource?.attributes))),
    section('Scope', kvTable([['name', scope.name ?? ''], ...(scope.version ? [['version', scope.version]] : []), ...attrPairs(scope.attributes)])),
  );
  panel.focus({ preventScroll: true });
  const spanId = s.spanId;
  getJson('/api/logs', { traceId, spanId, limit: 200 }).then((res) => {
    if (panel.dataset.spanId !== spanId) return;
    const logs = res.logs ?? [];
    setChildren(logsBox, logs.length
      ? h('ul.plain.span-logs', null, logs.map((l) => h('li', { class: `sev-${severityClass(l.severityNumber)}` },
        h('span.sev', { text: severityName(l.severityNumber, l.severityText) }),
        h('span.muted', { text: ` ${fmtClock(nanosToMs(l.timeUnixNano))} ` }),
        h('span.log-body', { text: anyValueText(l.body) }),
        l.attributes?.length ? kvTable(attrPairs(l.attributes), '') : null)))
      : h('p.muted', { text: 'no log records for this span' }));
  }, (err) => setChildren(logsBox, h('p.muted', { text: `logs unavailable: ${err.message}` })));
  panel.dataset.spanId = spanId;
}
