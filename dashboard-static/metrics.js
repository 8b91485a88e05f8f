// Metrics: one chart per metric, of the type registerView chose or a default by kind
// (rate for counters, line for gauges and up-down counters, percentiles plus bucket
// bars for histograms), with axes, units, a hover readout and series selection.
// A card fetches its series when it scrolls into view and again when /events says
// the metric changed (at most twice a second).
import { getJson, live, on } from './api.js';
import { attachReadout, bucketBars, gauge, heatmap, niceTicks, seriesColor, sparkline, timeSeries } from './chart.js';
import { debounce, h, setChildren } from './dom.js';
import { fmtNumber, fmtWithUnit } from './format.js';
import { replaceParams } from './router.js';

const REFRESH_MS = 500;
const MAX_SERIES = 24;

/** The chart a metric gets: the registered view, else a default by kind. */
export function chartFor(m, views) {
  const v = views?.[m.name] ?? m.chart;
  if (v) return v;
  if (m.kind === 'histogram' || m.kind === 'exponentialHistogram') return 'histogram';
  if (m.kind === 'sum' && m.monotonic) return 'rate';
  return 'line';
}

const seriesLabel = (s) => {
  const parts = Object.entries(s.attributes ?? {}).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`);
  return parts.length ? parts.join(', ') : '(no attributes)';
};

function card(meta, onVisible) {
  const c = {
    meta, chart: chartFor(meta, live.views), data: null, selected: null, lastFetch: 0, timer: 0, mode: meta.kind === 'sum' && meta.monotonic ? 'rate' : 'value',
  };
  c.title = h('h2', { text: meta.name });
  c.latest = h('span.latest');
  c.kindEl = h('span.muted.kind');
  c.desc = h('p.muted.desc', { text: meta.description ?? '' });
  c.canvas = h('canvas.chart', { role: 'img', 'aria-label': `chart of ${meta.name}` });
  c.canvas2 = h('canvas.chart.small', { hidden: true, role: 'img', 'aria-label': `latest buckets of ${meta.name}` });
  c.readout = h('div.readout', { hidden: true, role: 'status' });
  c.series = h('div.series-list', { role: 'group', 'aria-label': 'series' });
  c.legend = h('div.legend');
  c.mode = c.mode;
  c.modeSel = meta.kind === 'sum' && meta.monotonic
    ? h('select.small', { 'aria-label': 'Counter display' }, h('option', { value: 'rate', text: 'per second' }), h('option', { value: 'value', text: 'total' }))
    : null;
  c.el = h('article.metric-card', { 'data-metric': meta.name, tabIndex: -1 },
    h('header', null, c.title, c.latest, c.kindEl, c.modeSel),
    c.desc,
    h('div.chart-box', null, c.canvas, c.readout),
    c.legend,
    c.canvas2,
    c.series);
  c.modeSel?.addEventListener('change', () => {
    c.mode = c.modeSel.value;
    draw(c);
  });
  let hit = null;
  c.setHit = (f) => (hit = f);
  attachReadout(c.canvas, c.readout, () => hit);
  let hit2 = null;
  c.setHit2 = (f) => (hit2 = f);
  attachReadout(c.canvas2, c.readout, () => hit2);
  c.visible = false;
  onVisible(c);
  return c;
}

function describe(c) {
  const m = c.meta;
  const kind = m.kind === 'sum' ? (m.monotonic ? 'counter' : 'up-down counter') : m.kind;
  c.kindEl.textContent = `${kind}${m.unit ? ` · ${m.unit}` : ''} · ${c.chart}${live.views?.[m.name] ? ' (registerView)' : ''}`;
  c.el.dataset.chart = c.chart;
}

function selectedSeries(c) {
  const all = c.data?.series ?? [];
  if (!c.selected) c.selected = new Set(all.slice(0, 6).map(seriesLabel));
  return all.filter((s) => c.selected.has(seriesLabel(s)));
}

function renderSeriesPicker(c) {
  const all = (c.data?.series ?? []).slice(0, MAX_SERIES);
  const labels = all.map(seriesLabel);
  const existing = [...c.series.querySelectorAll('input')].map((i) => i.value);
  if (existing.join('\n') === labels.join('\n')) return;
  setChildren(c.series, all.map((s, i) => {
    const label = labels[i];
    const box = h('input', { type: 'checkbox', value: label, checked: c.selected.has(label) });
    box.addEventListener('change', () => {
      if (box.checked) c.selected.add(label);
      else c.selected.delete(label);
      draw(c);
    });
    return h('label.series', null, box, h('span.swatch', { style: { background: seriesColor(i) } }), h('span', { text: `${label}${s.service ? ` · ${s.service}` : ''}` }));
  }), (c.data?.series?.length ?? 0) > MAX_SERIES ? h('span.muted', { text: `+${c.data.series.length - MAX_SERIES} more series` }) : null);
}

function draw(c) {
  if (!c.data) return;
  describe(c);
  const sel = selectedSeries(c);
  renderSeriesPicker(c);
  const unit = c.data.unit ?? c.meta.unit ?? '';
  const fmt = (v) => fmtWithUnit(v, unit);
  // Tick labels stay short: readable units (time, bytes) format themselves, others are named once above the axis.
  const selfFormatting = ['ms', 's', 'us', 'ns', 'By'].includes(unit);
  const axisFormat = selfFormatting ? fmt : (v) => fmtNumber(v);
  const unitName = selfFormatting || !unit || unit === '1' ? '' : unit.replace(/^\{(.*)\}$/, '$1');
  const all = c.data.series ?? [];
  const colorOf = (s) => seriesColor(all.indexOf(s));
  const isHist = c.data.kind === 'histogram' || c.data.kind === 'exponentialHistogram';
  c.canvas2.hidden = true;
  // Heatmaps and gauges size the canvas to their series; every other chart leaves it to the stylesheet.
  c.canvas.style.height = '';
  let drawn = sel.length;
  let latestText = '';
  if (isHist) {
    const pct = sel.length <= 2 ? ['p50', 'p95', 'p99'] : ['p95'];
    const lines = sel.flatMap((s) => pct.map((p, k) => ({
      label: `${p}${sel.length > 1 ? ` ${seriesLabel(s)}` : ''}`, color: sel.length > 1 ? colorOf(s) : seriesColor(k),
      points: s.points.map((pt) => ({ t: pt.t, v: pt[p] })).filter((pt) => Number.isFinite(pt.v)),
    })));
    const first = sel[0];
    const last = first?.points[first.points.length - 1];
    latestText = last ? `p50 ${fmt(last.p50)} · p95 ${fmt(last.p95)} · p99 ${fmt(last.p99)} · count ${last.count}` : '';
    setChildren(c.legend, c.chart === 'heatmap' ? null : lines.map((l) => h('span', null, h('span.swatch', { style: { background: l.color } }), l.label)));
    if (c.chart === 'heatmap') {
      const bands = sel.map((s) => ({ label: seriesLabel(s), color: colorOf(s), points: s.points }));
      drawn = bands.filter((b) => b.points.length).length;
      c.setHit(heatmap(c.canvas, bands, { format: fmt }));
    }
    else c.setHit(timeSeries(c.canvas, lines, { format: fmt, axisFormat, unitLabel: unitName }));
    if (last?.counts?.length && c.chart !== 'heatmap') {
      c.canvas2.hidden = false;
      const grows = first.points.length > 1 && first.points[first.points.length - 2].count <= last.count;
      c.setHit2(bucketBars(c.canvas2, last.bounds ?? [], last.counts, { format: fmt, color: seriesColor(0) }));
      c.canvas2.setAttribute('aria-label', `bucket counts${grows ? ' (cumulative)' : ''}`);
    }
  } else {
    c.legend.replaceChildren();
    const pick = c.mode === 'rate' ? (pt) => pt.rate : (pt) => pt.value;
    const unitFmt = c.mode === 'rate' ? (v) => `${fmt(v)}/s` : fmt;
    const lines = sel.map((s) => ({ label: seriesLabel(s), color: colorOf(s), points: s.points.map((pt) => ({ t: pt.t, v: pick(pt) })).filter((pt) => Number.isFinite(pt.v)) }));
    const lastOf = (l) => l.points[l.points.length - 1]?.v;
    const latest = lines.map(lastOf).filter(Number.isFinite);
    const total = latest.reduce((a, b) => a + b, 0);
    latestText = latest.length ? unitFmt(lines.length > 1 && c.chart === 'stat' ? total : latest[0]) : '';
    if (c.chart === 'gauge') {
      // The dial's end is a round number above the highest value seen in the window.
      const peak = Math.max(0, ...lines.flatMap((l) => l.points.map((p) => p.v)));
      const ticks = niceTicks(0, peak || 1, 4);
      const step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
      const max = Math.max(step, Math.ceil((peak || 1) / step) * step);
      const dials = lines.filter((l) => Number.isFinite(lastOf(l))).map((l) => ({ value: lastOf(l), label: l.label, color: l.color }));
      drawn = gauge(c.canvas, dials, { max, format: unitFmt });
      c.setHit(null);
    } else if (c.chart === 'stat') {
      statChart(c, total, lines, unitFmt);
    } else {
      const type = c.chart === 'area' ? 'area' : c.chart === 'bar' ? 'bar' : 'line';
      c.setHit(timeSeries(c.canvas, lines, { type, format: unitFmt, axisFormat, unitLabel: c.mode === 'rate' ? `${unitName || 'per'}/s`.replace('per/s', 'per second') : unitName }));
    }
  }
  c.latest.textContent = latestText;
  c.el.dataset.latest = latestText;
  c.el.dataset.points = String(sel.reduce((n, s) => n + s.points.length, 0));
  // How many series the chart shows (each selected one, whatever the chart type).
  c.el.dataset.seriesDrawn = String(drawn);
}

function statChart(c, total, lines, fmt) {
  sparkline(c.canvas, mergeByTime(lines), lines[0]?.color);
  const ctx = c.canvas.getContext('2d');
  ctx.font = '600 32px system-ui, sans-serif';
  ctx.fillStyle = getComputedStyle(document.documentElement).getPropertyValue('--fg') || '#222';
  ctx.textBaseline = 'top';
  ctx.fillText(fmt(total), 8, 8);
  c.setHit(null);
}

/** Sum of the series at each time (for the stat sparkline). */
function mergeByTime(lines) {
  const m = new Map();
  for (const l of lines) for (const p of l.points) m.set(p.t, (m.get(p.t) ?? 0) + p.v);
  return [...m.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

export function mount(root, route) {
  const filter = h('input.search.small', { type: 'search', placeholder: 'filter metrics', 'aria-label': 'Filter metrics', spellcheck: 'false' });
  const info = h('span.muted');
  const grid = h('div.metric-grid');
  setChildren(root, h('div.toolbar', null, h('h1', { text: 'Metrics' }), filter, info), grid);
  const cards = new Map();
  let focusName = route.params.get('m');

  const fetchCard = async (c) => {
    c.lastFetch = Date.now();
    try {
      c.data = await getJson(`/api/metrics/${encodeURIComponent(c.meta.name)}`);
      if (c.data.chart !== undefined && !live.views?.[c.meta.name]) c.chart = chartFor({ ...c.meta, chart: c.data.chart }, live.views);
      draw(c);
    } catch (err) {
      c.latest.textContent = `unavailable: ${err.message}`;
    }
  };
  const refresh = (c) => {
    if (!c.visible || c.timer) return;
    const wait = Math.max(0, c.lastFetch + REFRESH_MS - Date.now());
    c.timer = setTimeout(() => {
      c.timer = 0;
      void fetchCard(c);
    }, wait);
  };
  const io = new IntersectionObserver((entries) => {
    for (const e of entries) {
      const c = cards.get(e.target.dataset.metric);
      if (!c) continue;
      c.visible = e.isIntersecting;
      if (c.visible && (!c.data || Date.now() - c.lastFetch > REFRESH_MS)) refresh(c);
    }
  }, { rootMargin: '200px' });

  const applyFilter = () => {
    const q = filter.value.trim().toLowerCase();
    for (const c of cards.values()) c.el.hidden = Boolean(q) && !`${c.meta.name} ${c.meta.description ?? ''}`.toLowerCase().includes(q);
  };
  filter.addEventListener('input', debounce(applyFilter, 120));

  const loadList = async () => {
    let res;
    try {
      res = await getJson('/api/metrics');
    } catch (err) {
      info.textContent = `Could not load metrics: ${err.message}`;
      return;
    }
    const metas = (res.metrics ?? []).slice().sort((a, b) => a.name.localeCompare(b.name));
    for (const m of metas) {
      const existing = cards.get(m.name);
      if (existing) {
        existing.meta = m;
        continue;
      }
      const c = card(m, () => {});
      describe(c);
      cards.set(m.name, c);
      io.observe(c.el);
    }
    setChildren(grid, [...cards.values()].sort((a, b) => a.meta.name.localeCompare(b.meta.name)).map((c) => c.el));
    if (!cards.size) grid.appendChild(h('p.empty', { text: 'Waiting for metrics…' }));
    info.textContent = `${cards.size} metrics`;
    applyFilter();
    if (focusName && cards.has(focusName)) {
      const c = cards.get(focusName);
      c.el.classList.add('focused');
      c.el.scrollIntoView({ block: 'start' });
      c.el.focus({ preventScroll: true });
      focusName = null;
    }
  };
  const reloadList = debounce(() => void loadList(), 300);

  const offDelta = on('delta', (d) => {
    for (const name of d.metrics ?? []) {
      const c = cards.get(name);
      if (c) refresh(c);
      else reloadList();
    }
  });
  const offViews = on('views', (views) => {
    for (const c of cards.values()) {
      c.chart = chartFor(c.meta, views);
      draw(c);
      describe(c);
    }
  });
  const ro = new ResizeObserver(debounce(() => {
    for (const c of cards.values()) if (c.visible) draw(c);
  }, 100));
  ro.observe(grid);
  grid.addEventListener('focusin', (e) => {
    const el = e.target.closest('.metric-card');
    if (el) replaceParams({ m: el.dataset.metric });
  });
  void loadList();
  return {
    update(r) {
      const m = r.params.get('m');
      if (m && cards.has(m)) cards.get(m).el.scrollIntoView({ block: 'start' });
    },
    unmount() {
      offDelta();
      offViews();
      io.disconnect();
      ro.disconnect();
      for (const c of cards.values()) clearTimeout(c.timer);
    },
  };
}
