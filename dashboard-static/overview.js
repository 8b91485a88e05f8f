// Overview: tiles for the health indicators, each with a sparkline of its recent
// values, redrawn on every health update from /events (several per second).
import { live, on } from './api.js';
import { sparkline, seriesColor } from './chart.js';
import { h, setChildren } from './dom.js';
import { fmtBytes, fmtDuration, fmtNumber, fmtPercent } from './format.js';
import { routeHref } from './router.js';

const sum = (o) => (o && typeof o === 'object' ? Object.values(o).reduce((a, v) => a + (typeof v === 'number' ? v : 0), 0) : 0);

/** Each tile: a title, how to read its value from a health object, how to format it. */
const TILES = [
  { id: 'spans', title: 'Spans / s', read: (x) => x.rates?.spansPerSec, fmt: (v) => fmtNumber(v, 1), link: 'traces' },
  { id: 'errors', title: 'Error rate', read: (x) => x.rates?.errorRate, fmt: fmtPercent, link: 'traces', linkParams: { q: 'status:error' }, alarm: (v) => v > 0 },
  { id: 'logs', title: 'Logs / s', read: (x) => x.rates?.logsPerSec?.total ?? sum(x.rates?.logsPerSec?.bySeverity), fmt: (v) => fmtNumber(v, 1), link: 'logs',
    detail: (x) => Object.entries(x.rates?.logsPerSec?.bySeverity ?? {}).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${fmtNumber(n, 1)}`).join(' · ') },
  { id: 'dropped', title: 'Dropped', read: (x) => sum(x.dropped), fmt: fmtNumber, alarm: (v) => v > 0,
    detail: (x) => Object.entries(x.dropped ?? {}).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${fmtNumber(n)}`).join(' · ') || 'nothing dropped' },
  { id: 'evicted', title: 'Evicted', read: (x) => sum(x.evicted), fmt: fmtNumber, alarm: (v) => v > 0,
    detail: (x) => Object.entries(x.evicted ?? {}).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${fmtNumber(n)}`).join(' · ') || 'nothing evicted' },
  { id: 'store', title: 'Store', read: (x) => x.store?.bytes, fmt: fmtBytes,
    detail: (x) => `${fmtNumber(x.store?.traces)} traces · ${fmtNumber(x.store?.spans)} spans · ${fmtNumber(x.store?.logs)} logs · ${fmtNumber(x.store?.series)} series · limit ${fmtBytes(x.store?.maxBytes)}` },
  { id: 'loop', title: 'Event-loop delay', read: (x) => x.process?.eventLoopDelayMs, fmt: fmtDuration },
  { id: 'heap', title: 'Heap used', read: (x) => x.process?.heapUsed, fmt: fmtBytes },
  { id: 'rss', title: 'RSS', read: (x) => x.process?.rss, fmt: fmtBytes },
  { id: 'queued', title: 'Pipeline queued', read: (x) => x.pipeline?.queued, fmt: fmtNumber,
    detail: (x) => `exported ${fmtNumber(x.pipeline?.exported)} · dropped ${fmtNumber(x.pipeline?.dropped)} · failed ${fmtNumber(x.pipeline?.failed)}` },
  { id: 'exportLatency', title: 'Export latency', read: (x) => x.pipeline?.exportLatencyMs, fmt: fmtDuration },
];

export function mount(root) {
  const tilesEl = h('div.tiles');
  const latencyBody = h('tbody');
  const meta = h('p.muted');
  setChildren(
    root,
    h('h1', { text: 'Overview' }),
    meta,
    tilesEl,
    h('h2', { text: 'Span latency by service' }),
    h('table.grid.latency', null, h('thead', null, h('tr', null, ['service', 'p50', 'p95', 'p99', 'trend (p95)'].map((t) => h('th', { scope: 'col', text: t })))), latencyBody),
  );
  const tiles = TILES.map((tile, i) => {
    const value = h('div.tile-value', { text: '–' });
    const detail = h('div.tile-detail');
    const canvas = h('canvas.spark', { 'aria-hidden': 'true' });
    const title = tile.link
      ? h('a', { href: routeHref(tile.link, '', tile.linkParams), text: tile.title })
      : document.createTextNode(tile.title);
    const el = h('div.tile', { 'data-tile': tile.id }, h('div.tile-title', null, title), value, detail, canvas);
    tilesEl.appendChild(el);
    return { tile, el, value, detail, canvas, color: seriesColor(i) };
  });
  const latencyRows = new Map();

  const render = () => {
    const x = live.health;
    if (!x) return;
    meta.textContent = `zerotel ${x.version ?? ''} · up ${fmtDuration(x.uptimeMs)}`;
    const hist = live.history.map((s) => s.health);
    for (const t of tiles) {
      const v = t.tile.read(x);
      t.value.textContent = v === undefined ? '–' : t.tile.fmt(v);
      t.detail.textContent = t.tile.detail ? t.tile.detail(x) : '';
      t.detail.title = t.detail.textContent;
      t.el.classList.toggle('alarm', Boolean(t.tile.alarm?.(v)));
      sparkline(t.canvas, hist.map((s) => Number(t.tile.read(s))), t.color);
    }
    const services = Object.keys(x.latency ?? {}).sort();
    for (const [name, row] of latencyRows) if (!services.includes(name)) { row.tr.remove(); latencyRows.delete(name); }
    for (const svc of services) {
      let row = latencyRows.get(svc);
      if (!row) {
        const cells = [h('td'), h('td.num'), h('td.num'), h('td.num')];
        const canvas = h('canvas.spark.small', { 'aria-hidden': 'true' });
        cells[0].appendChild(h('a', { href: routeHref('traces', '', { q: `service:${svc}` }), text: svc }));
        row = { tr: h('tr', null, cells, h('td', null, canvas)), cells, canvas };
        latencyRows.set(svc, row);
        latencyBody.appendChild(row.tr);
      }
      const l = x.latency[svc];
      row.cells[1].textContent = fmtDuration(l.p50);
      row.cells[2].textContent = fmtDuration(l.p95);
      row.cells[3].textContent = fmtDuration(l.p99);
      sparkline(row.canvas, hist.map((s) => s.latency?.[svc]?.p95), seriesColor(1));
    }
  };
  const off = on('health', render);
  render();
  return { unmount: off };
}
