// Waterfall: one trace's spans nested by parent on a shared time axis. Only the rows
// in view are in the DOM (a 10,000-span trace opens and scrolls like a small one).
// Keyboard: the row list is one focusable element with a cursor (arrows move it,
// Left/Right collapse/expand, Enter opens the details, Esc closes them).
import { getJson, on } from './api.js';
import { niceTicks, seriesColor } from './chart.js';
import { h, perFrame, setChildren } from './dom.js';
import { fmtDuration, nanosToMs } from './format.js';
import { renderDetail } from './span-detail.js';
import { buildTree, collapseToDepth, markCriticalPath, spanMatches, traceSpans, visibleRows } from './trace-model.js';
import { replaceParams } from './router.js';

const ROW = 24;
const OVERSCAN = 12;

export function mount(root, route) {
  const traceId = route.arg;
  const title = h('h1.trace-title', { text: 'Trace' });
  const meta = h('div.muted.trace-meta', { text: `loading ${traceId}…` });
  const find = h('input.search.small', { type: 'search', placeholder: 'find in trace (name, attribute, event)', 'aria-label': 'Find in trace', spellcheck: 'false' });
  const findCount = h('span.muted.find-count');
  const critBtn = h('button', { type: 'button', 'aria-pressed': 'false', text: 'Critical path' });
  const depthIn = h('input.narrow', { type: 'number', min: '1', value: '3', 'aria-label': 'Depth' });
  const depthBtn = h('button', { type: 'button', text: 'Collapse to depth' });
  const expandBtn = h('button', { type: 'button', text: 'Expand all' });
  const download = h('a.button', { href: `/api/traces/${encodeURIComponent(traceId)}/otlp`, download: `trace-${traceId}.json`, text: 'Download OTLP/JSON' });
  const updated = h('button.banner.info', { type: 'button', hidden: true });
  const axis = h('div.wf-axis');
  const gridLines = h('div.wf-gridlines', { 'aria-hidden': 'true' });
  const spacer = h('div.wf-spacer');
  const rowsLayer = h('div.wf-rows');
  const scroller = h('div.wf-scroller', { tabIndex: 0, role: 'tree', 'aria-label': 'Spans (arrow keys move, Enter opens details)' }, spacer, rowsLayer);
  const detail = h('aside.detail', { hidden: true, 'aria-label': 'Span details', tabIndex: -1 });
  const wf = h('div.waterfall', null,
    h('div.wf-head', null, h('div.wf-namehead', { text: 'span' }), axis),
    h('div.wf-body', null, gridLines, scroller));
  setChildren(root,
    h('div.toolbar', null, h('a.back', { href: '#/traces', text: '← Traces' }), title, meta),
    h('div.toolbar', null, find, findCount, critBtn, depthBtn, depthIn, expandBtn, download),
    updated,
    h('div.wf-layout', null, wf, detail));

  const st = {
    tree: null, rows: [], collapsed: new Set(), cursor: 0, selected: null, matches: new Set(), needle: '',
    critical: false, backlinks: [], window: [-1, -1], colors: new Map(), spanCount: 0, openedMs: 0,
  };
  const colorOf = (svc) => {
    if (!st.colors.has(svc)) st.colors.set(svc, seriesColor(st.colors.size));
    return st.colors.get(svc);
  };

  const relayout = () => {
    st.rows = visibleRows(st.tree, st.collapsed);
    spacer.style.height = `${st.rows.length * ROW}px`;
    st.cursor = Math.max(0, Math.min(st.cursor, st.rows.length - 1));
    st.window = [-1, -1];
    drawRows();
  };

  const rowEl = (n, i) => {
    const s = n.span;
    const total = st.tree.t1 || 1;
    const left = (n.start / total) * 100;
    const width = Math.max(((n.end - n.start) / total) * 100, 0.1);
    const cls = ['wf-row'];
    if (n.error) cls.push('error');
    if (st.critical && n.critical) cls.push('critical');
    if (st.matches.has(n)) cls.push('match');
    if (st.selected === n) cls.push('selected');
    if (i === st.cursor) cls.push('cursor');
    const toggle = n.children.length
      ? h('button.toggle', { type: 'button', tabIndex: -1, 'aria-label': st.collapsed.has(n.id) ? 'expand' : 'collapse', text: st.collapsed.has(n.id) ? '▸' : '▾', 'data-toggle': n.id })
      : h('span.toggle');
    const bar = h('div.bar', { style: { left: `${left}%`, width: `${width}%`, background: n.error ? '' : colorOf(s.service) } });
    const marks = (s.events ?? []).map((e) => {
      const t = ((nanosToMs(e.timeUnixNano) - nanosToMs(s.startTimeUnixNano) + n.start) / total) * 100;
      return h('div.mark', { style: { left: `${Math.min(100, Math.max(0, t))}%` }, title: String(e.name ?? '') });
    });
    // The duration sits right of the bar, or left of it near the end of the axis, or inside a bar that fills the row.
    const labelPos = left + width <= 85 ? { left: `${left + width + 0.5}%` } : left >= 12 ? { right: `${100 - left + 0.5}%` } : { right: `${100 - left - width + 0.5}%` };
    const label = h('span.dur', { class: left + width > 85 && left < 12 ? 'inside' : undefined, text: fmtDuration(n.end - n.start), style: labelPos });
    return h('div', {
      class: cls.join(' '), id: `row-${n.id}`, role: 'treeitem', 'aria-level': n.depth + 1, 'aria-selected': String(st.selected === n),
      'aria-expanded': n.children.length ? String(!st.collapsed.has(n.id)) : undefined,
      'data-span-id': n.id, 'data-depth': n.depth, 'data-index': i, style: { transform: `translateY(${i * ROW}px)` },
    },
      h('div.wf-name', { style: { paddingLeft: `${Math.min(n.depth, 40) * 12 + 4}px` } },
        toggle,
        h('span.svc-dot', { style: { background: colorOf(s.service) }, title: String(s.service ?? '') }),
        h('span.span-name', { text: s.name ?? '', title: s.name ?? '' }),
        n.orphan ? h('span.badge', { text: 'orphan', title: `parent ${n.parentId} not received` }) : null,
        n.children.length && st.collapsed.has(n.id) ? h('span.badge.muted', { text: `+${n.descendants}` }) : null,
        n.error ? h('span.badge.err', { text: 'error' }) : null),
      h('div.wf-bar', null, bar, marks, label));
  };

  const drawRows = () => {
    if (!st.tree) return;
    const top = scroller.scrollTop;
    const height = scroller.clientHeight || 600;
    const from = Math.max(0, Math.floor(top / ROW) - OVERSCAN);
    const to = Math.min(st.rows.length, Math.ceil((top + height) / ROW) + OVERSCAN);
    if (from === st.window[0] && to === st.window[1]) return;
    st.window = [from, to];
    const els = [];
    for (let i = from; i < to; i++) els.push(rowEl(st.rows[i], i));
    setChildren(rowsLayer, els);
    const cur = st.rows[st.cursor];
    if (cur) scroller.setAttribute('aria-activedescendant', `row-${cur.id}`);
  };
  const redraw = () => {
    st.window = [-1, -1];
    drawRows();
  };
  scroller.addEventListener('scroll', perFrame(drawRows));
  const ro = new ResizeObserver(perFrame(() => {
    redraw();
    drawAxis();
  }));
  ro.observe(scroller);

  const drawAxis = () => {
    if (!st.tree) return;
    const total = st.tree.t1 || 1;
    const ticks = niceTicks(0, total, Math.max(2, Math.floor((axis.clientWidth || 600) / 110)));
    const pct = (t) => `${(t / total) * 100}%`;
    setChildren(axis, ticks.filter((t) => t <= total).map((t) => h('span.tick', { style: { left: pct(t) }, text: fmtDuration(t) })));
    setChildren(gridLines, ticks.filter((t) => t <= total).map((t) => h('span.gridline', { style: { left: pct(t) } })));
  };

  const scrollToIndex = (i) => {
    const y = i * ROW;
    if (y < scroller.scrollTop) scroller.scrollTop = y;
    else if (y + ROW > scroller.scrollTop + scroller.clientHeight) scroller.scrollTop = y + ROW - scroller.clientHeight;
  };
  const setCursor = (i) => {
    st.cursor = Math.max(0, Math.min(st.rows.length - 1, i));
    scrollToIndex(st.cursor);
    redraw();
  };
  const toggle = (n, expand) => {
    if (!n?.children.length) return;
    const isCollapsed = st.collapsed.has(n.id);
    if (expand === undefined ? isCollapsed : expand) st.collapsed.delete(n.id);
    else st.collapsed.add(n.id);
    relayout();
  };
  /** Shows a span: expands its ancestors, scrolls to it, selects it, opens its details. */
  const reveal = (n, openDetail = true) => {
    for (let p = n.parent; p; p = p.parent) st.collapsed.delete(p.id);
    st.rows = visibleRows(st.tree, st.collapsed);
    spacer.style.height = `${st.rows.length * ROW}px`;
    const i = st.rows.indexOf(n);
    st.cursor = Math.max(0, i);
    const target = Math.max(0, i * ROW - scroller.clientHeight / 3);
    scroller.scrollTop = target;
    if (openDetail) select(n);
    else redraw();
  };
  const select = (n) => {
    st.selected = n;
    redraw();
    detail.hidden = false;
    replaceParams({ span: n.id });
    renderDetail(detail, n, { traceId, backlinks: st.backlinks, close: closeDetail });
  };
  const closeDetail = () => {
    st.selected = null;
    detail.hidden = true;
    replaceParams({});
    redraw();
    scroller.focus();
  };

  rowsLayer.addEventListener('click', (e) => {
    const t = e.target.closest('[data-toggle]');
    const row = e.target.closest('.wf-row');
    if (!row) return;
    const i = Number(row.dataset.index);
    const n = st.rows[i];
    st.cursor = i;
    if (t) toggle(n);
    else select(n);
    scroller.focus({ preventScroll: true });
  });
  scroller.addEventListener('keydown', (e) => {
    const n = st.rows[st.cursor];
    const page = Math.max(1, Math.floor(scroller.clientHeight / ROW) - 1);
    switch (e.key) {
      case 'ArrowDown': setCursor(st.cursor + 1); break;
      case 'ArrowUp': setCursor(st.cursor - 1); break;
      case 'PageDown': setCursor(st.cursor + page); break;
      case 'PageUp': setCursor(st.cursor - page); break;
      case 'Home': setCursor(0); break;
      case 'End': setCursor(st.rows.length - 1); break;
      case 'ArrowRight':
        if (n?.children.length && st.collapsed.has(n.id)) toggle(n, true);
        else if (n?.children.length) setCursor(st.cursor + 1);
        break;
      case 'ArrowLeft':
        if (n?.children.length && !st.collapsed.has(n.id)) toggle(n, false);
        else if (n?.parent) setCursor(st.rows.indexOf(n.parent));
        break;
      case 'Enter':
      case ' ':
        if (n) select(n);
        break;
      case 'Escape':
        if (!detail.hidden) closeDetail();
        break;
      default:
        return;
    }
    e.preventDefault();
  });
  root.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !detail.hidden && e.target !== scroller) {
      closeDetail();
      e.preventDefault();
    }
  });

  critBtn.addEventListener('click', () => {
    st.critical = !st.critical;
    critBtn.setAttribute('aria-pressed', String(st.critical));
    if (st.critical) markCriticalPath(st.tree);
    redraw();
  });
  depthBtn.addEventListener('click', () => {
    const d = Math.max(1, Number(depthIn.value) || 1);
    st.collapsed = collapseToDepth(st.tree, d);
    relayout();
  });
  depthIn.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') depthBtn.click();
  });
  expandBtn.addEventListener('click', () => {
    st.collapsed.clear();
    relayout();
  });
  let findIndex = -1;
  const runFind = () => {
    st.needle = find.value.trim().toLowerCase();
    st.matches = new Set(st.needle ? st.tree.nodes.filter((n) => spanMatches(n, st.needle)) : []);
    findCount.textContent = st.needle ? `${st.matches.size} match${st.matches.size === 1 ? '' : 'es'}` : '';
    findIndex = -1;
    redraw();
  };
  find.addEventListener('input', runFind);
  find.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || !st.matches.size) return;
    const list = st.tree.nodes.filter((n) => st.matches.has(n)).sort((a, b) => a.start - b.start);
    findIndex = (findIndex + (e.shiftKey ? -1 : 1) + list.length) % list.length;
    reveal(list[findIndex], false);
    findCount.textContent = `${findIndex + 1} of ${list.length}`;
  });

  const load = async (spanFocus) => {
    const t0 = performance.now();
    let res;
    try {
      res = await getJson(`/api/traces/${encodeURIComponent(traceId)}`);
    } catch (err) {
      meta.textContent = err.status === 404 ? `Trace ${traceId} is not in the store (never received, or evicted).` : `Could not load the trace: ${err.message}`;
      return;
    }
    const t1 = performance.now();
    st.tree = buildTree(traceSpans(res));
    const t2 = performance.now();
    st.backlinks = res.backlinks ?? [];
    st.spanCount = st.tree.nodes.length;
    if (st.critical) markCriticalPath(st.tree);
    const rootNode = st.tree.roots.find((r) => !r.orphan) ?? st.tree.roots[0];
    const services = [...new Set(st.tree.nodes.map((n) => n.span.service))];
    title.textContent = rootNode ? rootNode.span.name ?? '' : 'Trace';
    const errs = st.tree.nodes.filter((n) => n.error).length;
    const orphans = st.tree.roots.filter((r) => r.orphan).length;
    meta.textContent = `${traceId} · ${fmtDuration(st.tree.t1)} · ${st.tree.nodes.length} spans · depth ${st.tree.maxDepth + 1} · ${services.join(', ')}${errs ? ` · ${errs} error${errs === 1 ? '' : 's'}` : ''}${orphans ? ` · ${orphans} orphan${orphans === 1 ? '' : 's'} (parent not received)` : ''}`;
    depthIn.max = String(st.tree.maxDepth + 1);
    // Big traces open collapsed below a readable depth, so the first screen is an outline.
    if (st.tree.nodes.length > 2000 && !spanFocus) st.collapsed = collapseToDepth(st.tree, 4);
    relayout();
    drawAxis();
    if (st.needle) runFind();
    const focus = spanFocus ? st.tree.byId.get(spanFocus) : null;
    if (focus) reveal(focus);
    else scroller.focus({ preventScroll: true });
    st.openedMs = performance.now() - t0;
    // How long opening took (fetch + parse, tree, first rows), for the curious and for the 10k-span test.
    Object.assign(root.dataset, { openedMs: st.openedMs.toFixed(1), loadMs: (t1 - t0).toFixed(1), pageMs: (performance.now() - t1).toFixed(1) });
    root.dataset.ready = 'true';
  };

  const offDelta = on('delta', (d) => {
    const s = d.traces?.find((x) => x.traceId === traceId);
    if (!s || !st.tree || s.spanCount === st.spanCount) return;
    const n = s.spanCount - st.spanCount;
    updated.hidden = false;
    updated.textContent = `${n > 0 ? `${n} new span${n === 1 ? '' : 's'}` : 'trace changed'} — refresh`;
  });
  updated.addEventListener('click', () => {
    updated.hidden = true;
    void load(st.selected?.id);
  });

  void load(route.params.get('span'));
  return {
    update(r) {
      const spanId = r.params.get('span');
      if (spanId && st.tree && spanId !== st.selected?.id) {
        const n = st.tree.byId.get(spanId);
        if (n) reveal(n);
      }
    },
    unmount() {
      offDelta();
      ro.disconnect();
    },
  };
}

