// Traces: a live list, newest first. New traces are inserted at the top only while
// the user is at the top, not filtering and not paused; otherwise an "N new" banner
// collects them. Pause stops the view, never ingestion.
import { getJson, on } from './api.js';
import { arrowNav, debounce, h, setChildren } from './dom.js';
import { fmtAgo, fmtClock, fmtDuration, nanosToMs } from './format.js';
import { matches, parseQuery, serverParams } from './query.js';
import { replaceParams, routeHref } from './router.js';

const LIMIT = 500;

export function mount(root, route) {
  const state = {
    q: route.params.get('q') ?? '',
    paused: false,
    byId: new Map(),
    pending: new Map(),
    services: new Set(),
    total: 0,
    query: parseQuery(''),
  };
  const search = h('input.search', { type: 'search', placeholder: 'checkout service:api -status:error duration:>100ms http.route:/orders/:id', 'aria-label': 'Search traces', value: state.q, spellcheck: 'false' });
  const serviceSel = h('select', { 'aria-label': 'Service' }, h('option', { value: '', text: 'all services' }));
  const statusSel = h('select', { 'aria-label': 'Status' }, ['', 'error', 'ok'].map((v) => h('option', { value: v, text: v || 'any status' })));
  const minDur = h('input.narrow', { type: 'text', placeholder: 'min ms', 'aria-label': 'Minimum duration (ms)', inputmode: 'decimal' });
  const pause = h('button', { type: 'button', 'aria-pressed': 'false', text: 'Pause' });
  const banner = h('button.banner.info.newbanner', { type: 'button', hidden: true });
  const errors = h('div.query-errors', { role: 'alert' });
  const count = h('span.muted');
  const body = h('tbody');
  const table = h('table.grid.traces', null,
    h('thead', null, h('tr', null, ['time', 'service', 'root span', 'services', 'spans', 'errors', 'duration'].map((t) => h('th', { scope: 'col', text: t })))),
    body);
  const scroller = h('div.scroller', null, table);
  setChildren(root,
    h('div.toolbar', null, h('h1', { text: 'Traces' }), search, serviceSel, statusSel, minDur, pause, count),
    errors, banner, scroller);

  // The search box is the single source of truth; the selects edit its terms.
  const setTerm = (field, value) => {
    const rest = search.value.replace(new RegExp(`(^|\\s)${field}:\\S+`, 'g'), '').trim();
    search.value = value ? `${rest} ${field}:${value}`.trim() : rest;
    onQuery();
  };
  serviceSel.addEventListener('change', () => setTerm('service', serviceSel.value));
  statusSel.addEventListener('change', () => setTerm('status', statusSel.value));
  minDur.addEventListener('change', () => setTerm('duration', minDur.value ? `>=${minDur.value}ms` : ''));

  const rowFor = (s) => {
    const errorsCell = h('td.num', { text: s.errorCount ? String(s.errorCount) : '' });
    const start = nanosToMs(s.startTimeUnixNano);
    const tr = h('tr.row', { tabIndex: 0, 'data-trace-id': s.traceId, class: s.errorCount ? 'error' : undefined },
      h('td.time', { text: fmtClock(start), title: fmtAgo(start) }),
      h('td', { text: s.rootService ?? '' }),
      h('td.name', null, h('a', { href: routeHref('trace', s.traceId), tabIndex: -1, text: s.rootName || '(root not received)' }), s.orphanCount ? h('span.badge', { text: `${s.orphanCount} orphan${s.orphanCount > 1 ? 's' : ''}` }) : null),
      h('td.services', { text: (s.services ?? []).join(', ') }),
      h('td.num', { text: String(s.spanCount) }),
      errorsCell,
      h('td.num', { text: fmtDuration(s.durationMs) }));
    return tr;
  };
  const open = (tr) => {
    location.hash = routeHref('trace', tr.dataset.traceId);
  };
  body.addEventListener('click', (e) => {
    const tr = e.target.closest('tr.row');
    if (tr && !e.target.closest('a')) open(tr);
  });
  body.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && e.target.matches('tr.row')) open(e.target);
  });
  arrowNav(body, 'tr.row');

  const sorted = () => [...state.byId.values()].sort((a, b) => (BigInt(b.startTimeUnixNano) > BigInt(a.startTimeUnixNano) ? 1 : -1));
  const render = () => {
    const focusedId = document.activeElement?.dataset?.traceId;
    const rows = sorted().slice(0, LIMIT).map(rowFor);
    setChildren(body, rows);
    if (focusedId) body.querySelector(`tr[data-trace-id="${CSS.escape(focusedId)}"]`)?.focus({ preventScroll: true });
    count.textContent = `${state.byId.size} shown${state.total > state.byId.size ? ` of ${state.total}` : ''}`;
    if (!state.byId.size) body.appendChild(h('tr', null, h('td.empty', { colspan: 7, text: state.q ? 'No trace matches this search.' : 'Waiting for traces…' })));
  };
  // Live updates touch only the rows that changed: a delta every 250 ms must not rebuild 500 rows.
  const startOf = (s) => BigInt(s.startTimeUnixNano ?? '0');
  const rowOf = (id) => body.querySelector(`tr.row[data-trace-id="${CSS.escape(id)}"]`);
  const replaceRow = (s) => {
    const old = rowOf(s.traceId);
    if (!old) return;
    const tr = rowFor(s);
    const hadFocus = document.activeElement === old;
    old.replaceWith(tr);
    if (hadFocus) tr.focus({ preventScroll: true });
  };
  const insertRows = (list) => {
    body.querySelector('td.empty')?.parentElement?.remove();
    for (const s of list.sort((a, b) => (startOf(b) > startOf(a) ? 1 : -1)).reverse()) {
      // Newest first: the new row goes before the first row that started earlier (almost always the top one).
      let before = body.firstElementChild;
      while (before && startOf(state.byId.get(before.dataset.traceId) ?? { startTimeUnixNano: '0' }) > startOf(s)) before = before.nextElementSibling;
      body.insertBefore(rowFor(s), before);
    }
    while (body.children.length > LIMIT) {
      const last = body.lastElementChild;
      state.byId.delete(last.dataset.traceId);
      last.remove();
    }
    count.textContent = `${state.byId.size} shown${state.total > state.byId.size ? ` of ${state.total}` : ''}`;
  };
  const showBanner = () => {
    const n = state.pending.size;
    banner.hidden = n === 0;
    banner.textContent = `${n} new trace${n === 1 ? '' : 's'}${state.paused ? ' (paused)' : ''} — show`;
  };
  const flushPending = () => {
    for (const [id, s] of state.pending) state.byId.set(id, s);
    state.pending.clear();
    showBanner();
    render();
    scroller.scrollTop = 0;
  };
  banner.addEventListener('click', () => {
    if (state.paused) togglePause();
    flushPending();
  });
  const togglePause = () => {
    state.paused = !state.paused;
    pause.textContent = state.paused ? 'Resume' : 'Pause';
    pause.setAttribute('aria-pressed', String(state.paused));
    if (!state.paused && scroller.scrollTop < 4) flushPending();
    else showBanner();
  };
  pause.addEventListener('click', togglePause);
  scroller.addEventListener('scroll', () => {
    if (scroller.scrollTop < 4 && !state.paused && state.pending.size && document.activeElement !== search) flushPending();
  });

  const noteServices = (s) => {
    for (const svc of s.services ?? [s.rootService]) {
      if (svc && !state.services.has(svc)) {
        state.services.add(svc);
        const opts = [...state.services].sort();
        const cur = serviceSel.value;
        setChildren(serviceSel, h('option', { value: '', text: 'all services' }), opts.map((o) => h('option', { value: o, text: o })));
        serviceSel.value = cur;
      }
    }
  };

  let loadSeq = 0;
  const load = async () => {
    const seq = ++loadSeq;
    const params = { limit: LIMIT, ...serverParams(state.query) };
    try {
      const res = await getJson('/api/traces', params);
      // `-key:value`: the server has no negation, so ask it which traces do match and leave those out.
      const excluded = new Set();
      for (const attr of state.query.negAttrs) {
        const hit = await getJson('/api/traces', { limit: 1000, attr });
        for (const s of hit.traces ?? []) excluded.add(s.traceId);
      }
      if (seq !== loadSeq) return;
      state.byId.clear();
      state.pending.clear();
      for (const s of res.traces ?? []) {
        noteServices(s);
        if (matches(state.query, s) && !excluded.has(s.traceId)) state.byId.set(s.traceId, s);
      }
      state.total = res.total ?? state.byId.size;
      errors.textContent = state.query.errors.join('; ');
      showBanner();
      render();
    } catch (err) {
      errors.textContent = `Could not load traces: ${err.message}`;
    }
  };
  const reloadSoon = debounce(() => void load(), 1000);
  const onQuery = () => {
    state.q = search.value;
    state.query = parseQuery(state.q);
    replaceParams({ q: state.q });
    void load();
  };
  search.addEventListener('input', debounce(onQuery, 200));
  search.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') onQuery();
    if (e.key === 'ArrowDown') body.querySelector('tr.row')?.focus();
  });

  const offDelta = on('delta', (delta) => {
    if (!delta.traces?.length) return;
    // Terms only the server can judge (names, words, attributes): ask again, at most once a second.
    if (state.query.needsServer) {
      if (!state.paused) reloadSoon();
      return;
    }
    const holding = state.paused || scroller.scrollTop > 4 || document.activeElement === search;
    const fresh = [];
    for (const s of delta.traces) {
      noteServices(s);
      if (!matches(state.query, s)) continue;
      if (state.byId.has(s.traceId)) {
        if (!state.paused) {
          state.byId.set(s.traceId, s);
          replaceRow(s);
        }
      } else if (holding) {
        state.pending.set(s.traceId, s);
        // A long pause keeps only the newest LIMIT (the list shows no more anyway).
        if (state.pending.size > LIMIT) state.pending.delete(state.pending.keys().next().value);
      } else {
        state.byId.set(s.traceId, s);
        state.total++;
        fresh.push(s);
      }
    }
    if (fresh.length) insertRows(fresh);
    showBanner();
  });

  const offResync = on('resync', () => void load());
  state.query = parseQuery(state.q);
  void load();
  return {
    update(r) {
      const q = r.params.get('q') ?? '';
      if (q !== search.value) {
        search.value = q;
        onQuery();
      }
    },
    unmount() {
      offDelta();
      offResync();
    },
  };
}
