// The page shell: hash routing (every view has a deep link), the live connection
// indicator and the "limit reached, oldest evicted" banner.
import { connect, live, on } from './api.js';
import { h, setChildren } from './dom.js';
import { fmtNumber } from './format.js';
import { parseRoute } from './router.js';

const VIEWS = {
  overview: () => import('./overview.js'),
  traces: () => import('./traces.js'),
  trace: () => import('./waterfall.js'),
  metrics: () => import('./metrics.js'),
  logs: () => import('./logs.js'),
  wire: () => import('./wire.js'),
};

let current = { view: null, arg: null, instance: null };
const main = document.getElementById('main');
let navSeq = 0;

async function route() {
  const r = parseRoute();
  for (const a of document.querySelectorAll('nav a')) {
    const active = a.dataset.view === r.view || (r.view === 'trace' && a.dataset.view === 'traces');
    if (active) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (current.instance && current.view === r.view && current.arg === r.arg && current.instance.update) {
    current.instance.update(r);
    return;
  }
  const seq = ++navSeq;
  const mod = await VIEWS[r.view]();
  if (seq !== navSeq) return;
  current.instance?.unmount?.();
  const root = h('section.view', { 'data-view': r.view });
  setChildren(main, root);
  current = { view: r.view, arg: r.arg, instance: mod.mount(root, r) };
  document.title = `zerotel · ${r.view}`;
}

function showConnection(ok) {
  const el = document.getElementById('conn');
  el.textContent = ok ? 'live' : 'disconnected — retrying';
  el.className = ok ? 'conn ok' : 'conn bad';
}

/** "limit reached, oldest evicted": said when the store evicted anything. */
function showEviction(health) {
  const el = document.getElementById('evicted');
  const ev = health?.evicted ?? {};
  const parts = Object.entries(ev).filter(([, n]) => typeof n === 'number' && n > 0).map(([k, n]) => `${fmtNumber(n)} ${k}`);
  if (!parts.length) {
    el.hidden = true;
    return;
  }
  el.hidden = false;
  const s = health.store ?? {};
  const limit = s.maxBytes ? ` (store ${Math.round(((s.bytes ?? 0) / s.maxBytes) * 100)} % of its byte limit)` : '';
  el.textContent = `Limit reached, oldest evicted: ${parts.join(', ')}${limit}.`;
}

function start() {
  on('connection', showConnection);
  on('health', showEviction);
  connect();
  if (live.health) showEviction(live.health);
  addEventListener('hashchange', () => void route());
  if (!location.hash) history.replaceState(null, '', '#/overview');
  void route();
}

start();
