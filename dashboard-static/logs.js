// Logs: a live tail (newest at the bottom, follows while at the bottom), severity
// colours, filters by severity and service, text search; a record with a trace id
// opens its trace at its span.
import { getJson, on } from './api.js';
import { arrowNav, debounce, h, setChildren } from './dom.js';
import { anyValueText, attrPairs, fmtClock, nanosToMs, severityClass, severityName } from './format.js';
import { replaceParams, routeHref } from './router.js';

const KEEP = 2000;
const SEVERITIES = [['', 'all severities'], ['5', 'debug+'], ['9', 'info+'], ['13', 'warn+'], ['17', 'error+'], ['21', 'fatal']];

export function mount(root, route) {
  const st = { logs: [], paused: false, pending: [], q: route.params.get('q') ?? '', min: Number(route.params.get('severity') ?? 0), service: route.params.get('service') ?? '', services: new Set() };
  const search = h('input.search', { type: 'search', placeholder: 'search bodies and attributes', 'aria-label': 'Search logs', value: st.q, spellcheck: 'false' });
  const sevSel = h('select', { 'aria-label': 'Minimum severity' }, SEVERITIES.map(([v, t]) => h('option', { value: v, text: t })));
  sevSel.value = st.min ? String(st.min) : '';
  const svcSel = h('select', { 'aria-label': 'Service' }, h('option', { value: '', text: 'all services' }));
  const pause = h('button', { type: 'button', 'aria-pressed': 'false', text: 'Pause' });
  const banner = h('button.banner.info', { type: 'button', hidden: true });
  const count = h('span.muted');
  const list = h('ol.logs', { 'aria-label': 'Log records' });
  const scroller = h('div.scroller.logs-scroller', null, list);
  setChildren(root, h('div.toolbar', null, h('h1', { text: 'Logs' }), search, sevSel, svcSel, pause, count), banner, scroller);

  const text = (l) => `${anyValueText(l.body)} ${attrPairs(l.attributes).map(([k, v]) => `${k}=${v}`).join(' ')} ${l.service ?? ''} ${l.scope?.name ?? ''} ${l.eventName ?? ''}`.toLowerCase();
  const passes = (l) => (!st.min || (l.severityNumber ?? 0) >= st.min) && (!st.service || l.service === st.service) && (!st.q || text(l).includes(st.q.toLowerCase()));

  const rowFor = (l) => {
    const sev = severityClass(l.severityNumber ?? 0);
    const hasTrace = typeof l.traceId === 'string' && /^[0-9a-f]{32}$/.test(l.traceId) && !/^0+$/.test(l.traceId);
    const li = h('li.log', { class: `sev-${sev}${hasTrace ? ' has-trace' : ''}`, tabIndex: 0, 'data-trace-id': hasTrace ? l.traceId : undefined, 'data-span-id': hasTrace ? l.spanId : undefined },
      h('span.time', { text: fmtClock(nanosToMs(l.timeUnixNano && l.timeUnixNano !== '0' ? l.timeUnixNano : l.observedTimeUnixNano)) }),
      h('span.sev', { text: severityName(l.severityNumber ?? 0, l.severityText) }),
      h('span.svc', { text: l.service ?? '' }),
      h('span.log-body', { text: anyValueText(l.body) }),
      l.attributes?.length ? h('span.log-attrs', { text: attrPairs(l.attributes).map(([k, v]) => `${k}=${v}`).join('  ') }) : null,
      hasTrace ? h('a.trace-link', { href: routeHref('trace', l.traceId, l.spanId ? { span: l.spanId } : undefined), tabIndex: -1, text: 'trace →' }) : null);
    return li;
  };
  const atBottom = () => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 8;
  const render = () => {
    const shown = st.logs.filter(passes);
    setChildren(list, shown.map(rowFor));
    if (!shown.length) list.appendChild(h('li.empty', { text: st.logs.length ? 'No record matches these filters.' : 'Waiting for log records…' }));
    count.textContent = `${shown.length} shown`;
    scroller.scrollTop = scroller.scrollHeight;
  };
  const append = (records) => {
    const follow = atBottom();
    const frag = [];
    for (const l of records) {
      st.logs.push(l);
      if (passes(l)) frag.push(rowFor(l));
    }
    if (st.logs.length > KEEP) {
      st.logs.splice(0, st.logs.length - KEEP);
      while (list.children.length + frag.length > KEEP && list.firstChild) list.firstChild.remove();
    }
    if (frag.length) {
      list.querySelector('li.empty')?.remove();
      list.append(...frag);
    }
    count.textContent = `${list.querySelectorAll('li.log').length} shown`;
    if (follow) scroller.scrollTop = scroller.scrollHeight;
  };
  const noteServices = (records) => {
    let added = false;
    for (const l of records) if (l.service && !st.services.has(l.service)) { st.services.add(l.service); added = true; }
    if (!added) return;
    setChildren(svcSel, h('option', { value: '', text: 'all services' }), [...st.services].sort().map((s) => h('option', { value: s, text: s })));
    svcSel.value = st.service;
  };
  const showBanner = () => {
    banner.hidden = !st.pending.length;
    banner.textContent = `${st.pending.length} new record${st.pending.length === 1 ? '' : 's'} (paused) — show`;
  };
  const togglePause = () => {
    st.paused = !st.paused;
    pause.textContent = st.paused ? 'Resume' : 'Pause';
    pause.setAttribute('aria-pressed', String(st.paused));
    if (!st.paused) {
      const p = st.pending;
      st.pending = [];
      append(p);
      scroller.scrollTop = scroller.scrollHeight;
    }
    showBanner();
  };
  pause.addEventListener('click', togglePause);
  banner.addEventListener('click', () => {
    if (st.paused) togglePause();
  });
  const open = (li) => {
    if (!li?.dataset.traceId) return;
    location.hash = routeHref('trace', li.dataset.traceId, li.dataset.spanId ? { span: li.dataset.spanId } : undefined);
  };
  list.addEventListener('click', (e) => {
    if (e.target.closest('a')) return;
    if (getSelection()?.toString()) return;
    open(e.target.closest('li.log'));
  });
  list.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && e.target.matches('li.log')) open(e.target);
  });
  arrowNav(list, 'li.log');

  const refilter = () => {
    replaceParams({ q: st.q, severity: st.min || '', service: st.service });
    render();
  };
  search.addEventListener('input', debounce(() => {
    st.q = search.value.trim();
    refilter();
  }, 150));
  sevSel.addEventListener('change', () => {
    st.min = Number(sevSel.value) || 0;
    refilter();
  });
  svcSel.addEventListener('change', () => {
    st.service = svcSel.value;
    refilter();
  });

  const off = on('delta', (d) => {
    if (!d.logs?.length) return;
    noteServices(d.logs);
    if (st.paused) {
      st.pending.push(...d.logs);
      if (st.pending.length > KEEP) st.pending.splice(0, st.pending.length - KEEP);
      showBanner();
    } else append(d.logs);
  });
  const loadLogs = () => getJson('/api/logs', { limit: 1000 }).then((res) => {
    const logs = res.logs ?? [];
    noteServices(logs);
    // Records that arrived over /events while this loaded are kept once.
    const seen = new Set(logs.map((l) => `${l.timeUnixNano}|${l.spanId}|${anyValueText(l.body)}`));
    st.logs = logs.concat(st.logs.filter((l) => !seen.has(`${l.timeUnixNano}|${l.spanId}|${anyValueText(l.body)}`)));
    render();
  }, (err) => setChildren(list, h('li.empty', { text: `Could not load logs: ${err.message}` })));
  void loadLogs();
  const offResync = on('resync', () => {
    st.logs = [];
    void loadLogs();
  });
  return {
    unmount() {
      off();
      offResync();
    },
  };
}
