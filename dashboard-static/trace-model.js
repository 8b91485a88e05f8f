// A trace as a tree: nesting by parent span id, children in start order, orphans
// (parent not received) kept as extra roots and marked, the critical path, and the
// rows visible for a set of collapsed spans. Iterative throughout: an agent that
// recurses 10,000 levels deep must not overflow the stack.
import { nanosToMs } from './format.js';

/**
 * The spans of a GET /api/traces/:id answer, each given its resource and scope:
 * the server sends each once per trace (`resources`, `scopes`) and spans name
 * theirs by index. The objects are shared, not copied.
 */
export function traceSpans(res) {
  const resources = Array.isArray(res?.resources) ? res.resources : [];
  const scopes = Array.isArray(res?.scopes) ? res.scopes : [];
  const spans = Array.isArray(res?.spans) ? res.spans : [];
  for (const s of spans) {
    s.resource = resources[s.resourceIndex] ?? { attributes: [] };
    s.scope = scopes[s.scopeIndex] ?? { name: '' };
  }
  return spans;
}

/** spans (OTLP/JSON shape) → { nodes, roots, byId, t0, t1 } with times in ms relative to t0. */
export function buildTree(spans) {
  const byId = new Map();
  let t0 = Infinity;
  let t1 = -Infinity;
  const nodes = spans.map((span, index) => {
    const start = nanosToMs(span.startTimeUnixNano);
    const endRaw = nanosToMs(span.endTimeUnixNano);
    const end = endRaw >= start ? endRaw : start;
    if (start < t0) t0 = start;
    if (end > t1) t1 = end;
    const node = {
      span, index, id: span.spanId, parentId: span.parentSpanId || '', start, end,
      children: [], parent: null, depth: 0, orphan: false, error: span.status?.code === 2, critical: false,
      descendants: 0,
    };
    if (!byId.has(node.id)) byId.set(node.id, node);
    return node;
  });
  if (!nodes.length) t0 = t1 = 0;
  const roots = [];
  for (const n of nodes) {
    n.start -= t0;
    n.end -= t0;
    const parent = n.parentId ? byId.get(n.parentId) : undefined;
    if (parent && parent !== n) {
      n.parent = parent;
      parent.children.push(n);
    } else {
      n.orphan = Boolean(n.parentId);
      roots.push(n);
    }
  }
  const byStart = (a, b) => a.start - b.start || a.index - b.index;
  roots.sort((a, b) => Number(a.orphan) - Number(b.orphan) || byStart(a, b));
  // Depth first, iteratively: sort children, set depths, count descendants.
  const order = [];
  const stack = roots.slice().reverse();
  for (const r of roots) r.depth = 0;
  while (stack.length) {
    const n = stack.pop();
    order.push(n);
    n.children.sort(byStart);
    for (let i = n.children.length - 1; i >= 0; i--) {
      n.children[i].depth = n.depth + 1;
      stack.push(n.children[i]);
    }
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const n = order[i];
    if (n.parent) n.parent.descendants += n.descendants + 1;
  }
  // A parent cycle (corrupt input) leaves nodes unreachable from any root: show them as orphans.
  if (order.length < nodes.length) {
    const seen = new Set(order);
    for (const n of nodes) {
      if (!seen.has(n)) {
        n.orphan = true;
        n.parent = null;
        n.children = [];
        n.depth = 0;
        roots.push(n);
      }
    }
  }
  return { nodes, roots, byId, t0, t1: t1 - t0, maxDepth: order.reduce((m, n) => Math.max(m, n.depth), 0) };
}

/**
 * Marks the critical path: from the longest root, walk back from its end through the
 * child that finished last, then the child that finished before that one started, etc.
 */
export function markCriticalPath(tree) {
  for (const n of tree.nodes) n.critical = false;
  const top = tree.roots.filter((r) => !r.orphan);
  const root = (top.length ? top : tree.roots).reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a), tree.roots[0]);
  if (!root) return 0;
  let count = 0;
  const work = [{ node: root, until: root.end }];
  while (work.length) {
    const { node, until } = work.pop();
    node.critical = true;
    count++;
    let cursor = Math.min(node.end, until);
    const kids = node.children.slice().sort((a, b) => b.end - a.end);
    for (const c of kids) {
      if (c.start >= cursor) continue;
      work.push({ node: c, until: cursor });
      cursor = c.start;
    }
  }
  return count;
}

/** The rows shown: a depth-first walk that does not enter collapsed spans. */
export function visibleRows(tree, collapsed) {
  const out = [];
  const stack = tree.roots.slice().reverse();
  while (stack.length) {
    const n = stack.pop();
    out.push(n);
    if (collapsed.has(n.id)) continue;
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  return out;
}

/** The collapsed set that shows exactly the spans at depth < n. */
export function collapseToDepth(tree, n) {
  const set = new Set();
  for (const node of tree.nodes) if (node.depth >= n - 1 && node.children.length) set.add(node.id);
  return set;
}

/** True when a span matches an in-trace search (name, service, attribute keys and values, event names). */
export function spanMatches(node, needle) {
  const s = node.span;
  const has = (v) => v !== undefined && v !== null && String(v).toLowerCase().includes(needle);
  if (has(s.name) || has(s.service) || has(s.spanId)) return true;
  for (const kv of s.attributes ?? []) if (has(kv.key) || has(valueText(kv.value))) return true;
  for (const e of s.events ?? []) if (has(e.name)) return true;
  return false;
}

function valueText(v) {
  if (!v || typeof v !== 'object') return v;
  return v.stringValue ?? v.intValue ?? v.doubleValue ?? v.boolValue ?? JSON.stringify(v);
}
