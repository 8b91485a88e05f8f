// The page's only link to the server: JSON GETs under /api and the /events stream
// (contract 3). Views subscribe to what they need; the stream is opened once.

const listeners = new Map();

/** Subscribes to 'health', 'delta', 'views', 'connection'; returns an unsubscribe function. */
export function on(type, fn) {
  if (!listeners.has(type)) listeners.set(type, new Set());
  listeners.get(type).add(fn);
  return () => listeners.get(type).delete(fn);
}

function emit(type, data) {
  for (const fn of listeners.get(type) ?? []) {
    try {
      fn(data);
    } catch (err) {
      console.error(`zerotel dashboard: a ${type} listener failed`, err);
    }
  }
}

export async function getJson(path, params) {
  const url = new URL(path, location.origin);
  if (params) {
    for (const [k, v] of Object.entries(params)) {
      if (v === undefined || v === null || v === '') continue;
      if (Array.isArray(v)) for (const x of v) url.searchParams.append(k, x);
      else url.searchParams.set(k, String(v));
    }
  }
  const res = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  if (!res.ok) {
    let message = `${res.status} ${res.statusText}`;
    try {
      const body = await res.json();
      if (body && typeof body.message === 'string') message = body.message;
      else if (body && typeof body.error === 'string') message = body.error;
    } catch {}
    const err = new Error(message);
    err.status = res.status;
    throw err;
  }
  return res.json();
}

export async function getBytes(path) {
  const res = await fetch(path, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`${res.status} ${res.statusText}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** The latest health object and the views map, kept for views that mount later. */
export const live = { health: null, views: {}, connected: false, history: [] };

/** The last two minutes of health samples (for sparklines), kept while any view is shown. */
const HISTORY = 240;
on('health', (health) => {
  live.history.push({ t: Date.now(), health });
  if (live.history.length > HISTORY) live.history.splice(0, live.history.length - HISTORY);
});

let source;
let snapshots = 0;
export function connect() {
  if (source) return;
  source = new EventSource('/events');
  const parse = (e) => {
    try {
      return JSON.parse(e.data);
    } catch {
      return null;
    }
  };
  source.addEventListener('open', () => {
    live.connected = true;
    emit('connection', true);
  });
  source.addEventListener('error', () => {
    live.connected = false;
    emit('connection', false);
  });
  source.addEventListener('snapshot', (e) => {
    const health = parse(e);
    if (!health) return;
    live.health = health;
    emit('health', health);
    // A snapshot after the first means the stream restarted and missed events could not be replayed:
    // views reload what they show.
    if (snapshots++ > 0) emit('resync', health);
  });
  source.addEventListener('delta', (e) => {
    const delta = parse(e);
    if (!delta) return;
    if (delta.health) {
      live.health = delta.health;
      emit('health', delta.health);
    }
    emit('delta', delta);
  });
  source.addEventListener('views', (e) => {
    const v = parse(e);
    if (!v) return;
    live.views = v.views ?? v;
    emit('views', live.views);
  });
  getJson('/api/views').then((v) => {
    live.views = v.views ?? {};
    emit('views', live.views);
  }, () => {});
}
