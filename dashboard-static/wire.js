// Wire: the OTLP requests as received, for auditors. One opens as a hex dump beside
// its field-by-field protobuf decode (field number, wire type, offset, value);
// selecting a field highlights its bytes. Bodies can be downloaded as received.
import { getBytes, getJson, on } from './api.js';
import { arrowNav, debounce, h, perFrame, setChildren } from './dom.js';
import { fmtBytes, fmtClock } from './format.js';
import { replaceParams } from './router.js';

const WIRE_TYPES = { 0: 'varint', 1: 'i64', 2: 'len', 3: 'sgroup', 4: 'egroup', 5: 'i32' };
const LINE = 18;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hexDump(bytes) {
  const spacer = h('div.hex-spacer');
  const layer = h('div.hex-lines');
  const scroller = h('div.hex', { tabIndex: 0, 'aria-label': `hex dump, ${bytes.length} bytes` }, spacer, layer);
  const lines = Math.ceil(bytes.length / 16);
  spacer.style.height = `${lines * LINE}px`;
  let range = null;
  const draw = () => {
    const from = Math.max(0, Math.floor(scroller.scrollTop / LINE) - 5);
    const to = Math.min(lines, Math.ceil((scroller.scrollTop + (scroller.clientHeight || 500)) / LINE) + 5);
    const els = [];
    for (let l = from; l < to; l++) {
      const off = l * 16;
      const row = h('div.hex-line', { style: { transform: `translateY(${l * LINE}px)` } }, h('span.hex-off', { text: off.toString(16).padStart(8, '0') }));
      const hexEl = h('span.hex-bytes');
      let ascii = '';
      for (let i = off; i < Math.min(off + 16, bytes.length); i++) {
        const b = bytes[i];
        const inRange = range && i >= range[0] && i < range[1];
        hexEl.appendChild(inRange ? h('mark', { text: HEX[b] }) : document.createTextNode(HEX[b]));
        hexEl.appendChild(document.createTextNode(i % 8 === 7 ? '  ' : ' '));
        ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
      }
      row.append(hexEl, h('span.hex-ascii', { text: ascii }));
      els.push(row);
    }
    setChildren(layer, els);
  };
  scroller.addEventListener('scroll', perFrame(draw));
  requestAnimationFrame(draw);
  return {
    el: scroller,
    highlight(start, length) {
      range = [start, start + length];
      const line = Math.floor(start / 16);
      if (line * LINE < scroller.scrollTop || line * LINE > scroller.scrollTop + scroller.clientHeight - LINE) scroller.scrollTop = Math.max(0, line * LINE - LINE * 2);
      draw();
    },
  };
}

function fieldTree(fields, onPick) {
  const ul = h('ul.fields', { role: 'tree' });
  const add = (list, parent, depth) => {
    for (const f of list) {
      const value = f.value === undefined ? '' : ` = ${typeof f.value === 'string' ? JSON.stringify(f.value) : String(f.value)}`;
      const li = h('li.field', { role: 'treeitem', tabIndex: 0, 'aria-level': depth + 1, 'data-offset': f.offset, 'data-length': f.length, style: { paddingLeft: `${depth * 14 + 4}px` } },
        h('span.field-no', { text: `#${f.field}` }),
        f.name ? h('span.field-name', { text: ` ${f.name}` }) : null,
        h('span.muted', { text: ` ${WIRE_TYPES[f.wireType] ?? f.wireType} @${f.offset} +${f.length}` }),
        value ? h('span.field-value', { text: value }) : null);
      parent.appendChild(li);
      if (f.children?.length) add(f.children, parent, depth + 1);
    }
  };
  add(fields, ul, 0);
  const pick = (li) => {
    for (const x of ul.querySelectorAll('li.selected')) x.classList.remove('selected');
    li.classList.add('selected');
    onPick(Number(li.dataset.offset), Number(li.dataset.length));
  };
  ul.addEventListener('click', (e) => {
    const li = e.target.closest('li.field');
    if (li) pick(li);
  });
  ul.addEventListener('focusin', (e) => {
    if (e.target.matches('li.field')) pick(e.target);
  });
  arrowNav(ul, 'li.field');
  return ul;
}

export function mount(root, route) {
  const body = h('tbody');
  const detail = h('div.wire-detail');
  const info = h('span.muted');
  setChildren(root,
    h('div.toolbar', null, h('h1', { text: 'Wire' }), info),
    h('p.muted', { text: 'OTLP requests exactly as they arrived (after gzip decoding). Select one to see its bytes beside their protobuf decode.' }),
    h('div.scroller.wire-list', null, h('table.grid', null,
      h('thead', null, h('tr', null, ['received', 'signal', 'content type', 'encoding', 'size'].map((t) => h('th', { scope: 'col', text: t })))), body)),
    detail);
  let selectedId = route.params.get('id');

  const open = async (id) => {
    selectedId = id;
    replaceParams({ id });
    for (const tr of body.querySelectorAll('tr.row')) tr.classList.toggle('selected', tr.dataset.id === String(id));
    setChildren(detail, h('p.muted', { text: 'loading…' }));
    const base = `/api/raw/${encodeURIComponent(id)}`;
    let bytes;
    try {
      bytes = await getBytes(base);
    } catch (err) {
      setChildren(detail, h('p.muted', { text: `Request ${id} is gone (the raw buffer keeps only the latest requests): ${err.message}` }));
      return;
    }
    const download = h('a.button', { href: base, download: `otlp-request-${id}.bin`, text: `Download (${fmtBytes(bytes.length)})` });
    const dump = hexDump(bytes);
    let right;
    try {
      const res = await getJson(`${base}/fields`);
      right = h('div.wire-fields', null, h('h3', { text: 'Fields' }), fieldTree(res.fields ?? [], (o, l) => dump.highlight(o, l)));
    } catch (err) {
      const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 256 * 1024));
      right = h('div.wire-fields', null, h('h3', { text: 'Body' }), h('p.muted', { text: err.message }), h('pre.json-body', { text: text }));
    }
    setChildren(detail, h('div.toolbar', null, h('h2', { text: `Request ${id}` }), download), h('div.wire-split', null, dump.el, right));
  };

  const rows = new Map();
  const addRow = (r, atTop) => {
    if (rows.has(String(r.id))) return;
    const tr = h('tr.row', { tabIndex: 0, 'data-id': String(r.id) },
      h('td', { text: fmtClock(typeof r.receivedAt === 'number' ? r.receivedAt : Date.parse(r.receivedAt)) }),
      h('td', { text: r.signal ?? '' }),
      h('td', { text: r.contentType ?? '' }),
      h('td', { text: r.contentEncoding || 'identity' }),
      h('td.num', { text: fmtBytes(r.bytes) }));
    rows.set(String(r.id), tr);
    if (atTop) body.prepend(tr);
    else body.appendChild(tr);
  };
  body.addEventListener('click', (e) => {
    const tr = e.target.closest('tr.row');
    if (tr) void open(tr.dataset.id);
  });
  body.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && e.target.matches('tr.row')) void open(e.target.dataset.id);
  });
  arrowNav(body, 'tr.row');

  const load = async () => {
    try {
      const res = await getJson('/api/raw');
      const list = (res.requests ?? []).slice().sort((a, b) => Number(b.id) - Number(a.id));
      const ids = new Set(list.map((r) => String(r.id)));
      for (const [id, tr] of rows) if (!ids.has(id)) { tr.remove(); rows.delete(id); }
      for (const r of list.slice().reverse()) addRow(r, true);
      info.textContent = `${rows.size} requests kept`;
      body.querySelector('tr.empty')?.remove();
      if (!rows.size) body.appendChild(h('tr.empty', null, h('td.empty', { colspan: 5, text: 'No OTLP request received yet. Send one to /v1/traces, /v1/metrics or /v1/logs on this port.' })));
    } catch (err) {
      info.textContent = `Could not list requests: ${err.message}`;
    }
  };
  const reload = debounce(() => void load(), 1000);
  const off = on('delta', () => reload());
  void load().then(() => {
    if (selectedId) void open(selectedId);
  });
  return { unmount: off };
}
