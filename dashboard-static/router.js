// Hash routes: '#/<view>[/<arg>][?params]'. Every view has a deep link.

export const VIEW_NAMES = ['overview', 'traces', 'trace', 'metrics', 'logs', 'wire'];

/** '#/trace/abc?span=def' → { view: 'trace', arg: 'abc', params: URLSearchParams } */
export function parseRoute(hash = location.hash) {
  const raw = hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  const [view = '', ...rest] = path.split('/');
  const arg = rest.length ? decodeURIComponent(rest.join('/')) : '';
  return { view: VIEW_NAMES.includes(view) ? view : 'overview', arg, params };
}

/** Builds a hash link. */
export function routeHref(view, arg, params) {
  let s = `#/${view}`;
  if (arg) s += `/${encodeURIComponent(arg)}`;
  const qs = params ? new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== '')).toString() : '';
  return qs ? `${s}?${qs}` : s;
}

/** Changes the URL hash without remounting when only the parameters changed. */
export function replaceParams(params) {
  const r = parseRoute();
  const href = routeHref(r.view === 'trace' ? 'trace' : r.view, r.arg, params);
  history.replaceState(null, '', href);
}

