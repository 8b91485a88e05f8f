// DOM building with createElement and textContent only: every telemetry string
// (span names, attribute keys and values, units, scope names, log bodies) reaches
// the page as text, never as markup. Links are made only for http:/https: URLs.

/**
 * h('div.card', { title: 'x', onclick: fn }, child, 'text', [children])
 * The tag may carry classes after dots. Props: `class`, `text`, `on<event>` handlers,
 * `dataset`, `style` (an object of CSSOM properties), anything else as an attribute.
 */
export function h(tag, props, ...children) {
  const [name, ...classes] = tag.split('.');
  const el = document.createElement(name || 'div');
  if (classes.length) el.className = classes.join(' ');
  if (props) {
    for (const key of Object.keys(props)) {
      const v = props[key];
      if (v === undefined || v === null || v === false) continue;
      if (key === 'class') el.className = el.className ? `${el.className} ${v}` : v;
      else if (key === 'text') el.textContent = String(v);
      else if (key === 'dataset') Object.assign(el.dataset, v);
      else if (key === 'style') Object.assign(el.style, v);
      else if (key.startsWith('on') && typeof v === 'function') el.addEventListener(key.slice(2), v);
      else if (key === 'value' || key === 'checked' || key === 'selected' || key === 'tabIndex') el[key] = v;
      else el.setAttribute(key, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (typeof c === 'object' && c.nodeType) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

/** Replaces an element's children. */
export function setChildren(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** True for absolute http: and https: URLs, the only values that become links. */
export function isWebUrl(value) {
  if (typeof value !== 'string' || value.length > 4096) return false;
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** A value as text, or as an external link when it is an http(s) URL. */
export function textOrLink(value) {
  const s = String(value);
  if (!isWebUrl(s)) return document.createTextNode(s);
  return h('a', { href: s, rel: 'noopener noreferrer', target: '_blank', text: s });
}

/** Removes every child and returns the element (a fresh mount point). */
export function clear(el) {
  el.replaceChildren();
  return el;
}

/** Debounces fn by ms. */
export function debounce(fn, ms) {
  let t;
  return (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
}

/** Runs fn at most once per animation frame. */
export function perFrame(fn) {
  let queued = false;
  return () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      fn();
    });
  };
}

/** Moves focus within a list of focusable rows with the arrow keys, Home and End. */
export function arrowNav(container, selector) {
  container.addEventListener('keydown', (e) => {
    if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(e.key)) return;
    const rows = [...container.querySelectorAll(selector)];
    const i = rows.indexOf(document.activeElement);
    if (i < 0 && e.key !== 'Home' && e.key !== 'End') return;
    let j = i;
    if (e.key === 'ArrowDown') j = Math.min(rows.length - 1, i + 1);
    else if (e.key === 'ArrowUp') j = Math.max(0, i - 1);
    else if (e.key === 'Home') j = 0;
    else j = rows.length - 1;
    if (rows[j]) {
      rows[j].focus();
      e.preventDefault();
    }
  });
}
