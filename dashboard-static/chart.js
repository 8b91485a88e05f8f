// Canvas charts drawn by our own code: sparklines, time series (line, area, bar),
// gauges, stats, bucket bars and heatmaps. Text on the canvas is drawn with
// fillText (never markup); the hover readout is a DOM element filled with textContent.

// No red in the palette: red means an error, and only an error.
const PALETTE = ['#3b82f6', '#f59e0b', '#10b981', '#a855f7', '#06b6d4', '#84cc16', '#64748b', '#eab308', '#8b5cf6', '#14b8a6'];
export const seriesColor = (i) => PALETTE[i % PALETTE.length];

export function cssVar(name, fallback) {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}

/** Sizes a canvas to its CSS box at the device pixel ratio; returns its 2D context in CSS pixels. */
export function fitCanvas(canvas, height) {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.max(10, canvas.clientWidth || canvas.parentElement?.clientWidth || 300);
  // The CSS box decides the size; the height argument only serves a canvas not laid out yet.
  const hgt = Math.max(10, canvas.clientHeight || height || 120);
  if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(hgt * dpr)) {
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(hgt * dpr);
  }
  const ctx = canvas.getContext('2d');
  // A canvas can change chart type (a new registerView): start from a clean drawing state.
  ctx.reset?.();
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, hgt);
  return { ctx, w, h: hgt };
}

export function sparkline(canvas, values, color = seriesColor(0)) {
  const { ctx, w, h } = fitCanvas(canvas);
  const vals = values.filter((v) => Number.isFinite(v));
  if (vals.length < 2) return;
  let min = Math.min(...vals);
  let max = Math.max(...vals);
  if (max === min) {
    max += 1;
    min = Math.max(0, min - 1);
  }
  const step = w / (values.length - 1);
  ctx.beginPath();
  values.forEach((v, i) => {
    const y = h - 2 - ((Number.isFinite(v) ? v : min) - min) / (max - min) * (h - 4);
    if (i === 0) ctx.moveTo(0, y);
    else ctx.lineTo(i * step, y);
  });
  ctx.strokeStyle = color;
  ctx.lineWidth = 1.5;
  ctx.stroke();
  ctx.lineTo(w, h);
  ctx.lineTo(0, h);
  ctx.closePath();
  ctx.globalAlpha = 0.15;
  ctx.fillStyle = color;
  ctx.fill();
  ctx.globalAlpha = 1;
}

/** "Nice" tick values covering [min, max] (1, 2, 5 × 10^n steps). */
export function niceTicks(min, max, count = 5) {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (max === min) max = min + 1;
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  const step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
  const ticks = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** A time tick's label, as precise as the spacing of the ticks needs (minutes, seconds or milliseconds). */
function timeLabel(ms, spanMs, stepMs = spanMs) {
  const d = new Date(ms);
  const p = (n) => String(n).padStart(2, '0');
  if (stepMs < 1000) return `${p(d.getMinutes())}:${p(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
  return spanMs > 3 * 3600_000 ? `${p(d.getHours())}:${p(d.getMinutes())}` : `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/**
 * A time-series chart. series: [{ label, color, points: [{ t, v }] }]; type: line | area | bar.
 * Returns a `hit(x)` function giving the readout at a CSS x position.
 */
export function timeSeries(canvas, series, { type = 'line', format = String, axisFormat = format, unitLabel = '', height = 180, yMin } = {}) {
  const { ctx, w, h } = fitCanvas(canvas, height);
  const pad = { l: 56, r: 10, t: unitLabel ? 18 : 8, b: 20 };
  const all = series.flatMap((s) => s.points);
  const fg = cssVar('--muted', '#888');
  const grid = cssVar('--grid', 'rgba(128,128,128,.2)');
  ctx.font = '11px system-ui, sans-serif';
  if (!all.length) {
    ctx.fillStyle = fg;
    ctx.fillText('no data yet', pad.l, h / 2);
    return () => null;
  }
  let t0 = Math.min(...all.map((p) => p.t));
  let t1 = Math.max(...all.map((p) => p.t));
  if (t1 === t0) t0 -= 1000;
  const vs = all.map((p) => p.v).filter(Number.isFinite);
  let v0 = Math.min(yMin ?? Infinity, ...vs, type === 'line' ? Infinity : 0);
  let v1 = Math.max(...vs);
  if (!Number.isFinite(v0)) v0 = 0;
  if (v1 === v0) v1 = v0 + 1;
  let yt = niceTicks(v0, v1, 4);
  const step = yt.length > 1 ? yt[1] - yt[0] : 1;
  // The axis spans whole steps, so the largest value sits under a labelled tick.
  if ((yt[yt.length - 1] ?? v1) < v1) yt.push(Number(((yt[yt.length - 1] ?? v1) + step).toPrecision(12)));
  if ((yt[0] ?? v0) > v0) yt.unshift(Number(((yt[0] ?? v0) - step).toPrecision(12)));
  v0 = yt[0] ?? v0;
  v1 = yt[yt.length - 1] ?? v1;
  const labels = yt.map((v) => axisFormat(v));
  pad.l = Math.max(36, Math.ceil(Math.max(...labels.map((l) => ctx.measureText(l).width))) + 10);
  const X = (t) => pad.l + ((t - t0) / (t1 - t0)) * (w - pad.l - pad.r);
  const Y = (v) => h - pad.b - ((v - v0) / (v1 - v0)) * (h - pad.t - pad.b);
  ctx.strokeStyle = grid;
  ctx.fillStyle = fg;
  ctx.lineWidth = 1;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  yt.forEach((v, i) => {
    const y = Math.round(Y(v)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(pad.l, y);
    ctx.lineTo(w - pad.r, y);
    ctx.stroke();
    ctx.fillText(labels[i], pad.l - 4, y);
  });
  if (unitLabel) {
    ctx.textAlign = 'left';
    ctx.fillText(unitLabel, 2, 7);
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const tt = niceTicks(t0 / 1000, t1 / 1000, Math.max(2, Math.floor((w - pad.l) / 90))).map((s) => s * 1000);
  const tstep = tt.length > 1 ? tt[1] - tt[0] : t1 - t0;
  for (const t of tt) {
    const label = timeLabel(t, t1 - t0, tstep);
    const half = ctx.measureText(label).width / 2;
    if (X(t) - half >= pad.l - 8 && X(t) + half <= w) ctx.fillText(label, X(t), h - pad.b + 4);
  }
  series.forEach((s, si) => {
    const pts = s.points.filter((p) => Number.isFinite(p.v));
    if (!pts.length) return;
    ctx.strokeStyle = ctx.fillStyle = s.color;
    if (type === 'bar') {
      const bw = Math.max(1, ((w - pad.l - pad.r) / Math.max(pts.length, 1)) / Math.max(series.length, 1) - 1);
      for (const p of pts) ctx.fillRect(X(p.t) - (series.length * bw) / 2 + si * bw, Y(p.v), bw, Y(Math.max(v0, 0)) - Y(p.v));
      return;
    }
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    pts.forEach((p, i) => (i ? ctx.lineTo(X(p.t), Y(p.v)) : ctx.moveTo(X(p.t), Y(p.v))));
    ctx.stroke();
    if (pts.length === 1) ctx.fillRect(X(pts[0].t) - 2, Y(pts[0].v) - 2, 4, 4);
    if (type === 'area') {
      ctx.lineTo(X(pts[pts.length - 1].t), Y(Math.max(v0, 0)));
      ctx.lineTo(X(pts[0].t), Y(Math.max(v0, 0)));
      ctx.closePath();
      ctx.globalAlpha = 0.18;
      ctx.fill();
      ctx.globalAlpha = 1;
    }
  });
  return (x) => {
    if (x < pad.l || x > w - pad.r) return null;
    const t = t0 + ((x - pad.l) / (w - pad.l - pad.r)) * (t1 - t0);
    const rows = [];
    for (const s of series) {
      let best = null;
      for (const p of s.points) if (!best || Math.abs(p.t - t) < Math.abs(best.t - t)) best = p;
      if (best) rows.push({ label: s.label, color: s.color, t: best.t, text: format(best.v) });
    }
    return rows.length ? { x: X(rows[0].t), t: rows[0].t, rows } : null;
  };
}

/** Bars for the latest histogram buckets: bounds are upper bounds, the last count is overflow. */
export function bucketBars(canvas, bounds, counts, { format = String, height = 140, color = seriesColor(0) } = {}) {
  const { ctx, w, h } = fitCanvas(canvas, height);
  const pad = { l: 40, r: 8, t: 8, b: 30 };
  const fg = cssVar('--muted', '#888');
  ctx.font = '10px system-ui, sans-serif';
  const n = counts.length;
  if (!n) return () => null;
  const max = Math.max(1, ...counts);
  const bw = (w - pad.l - pad.r) / n;
  ctx.fillStyle = fg;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  ctx.fillText(String(max), pad.l - 4, pad.t + 4);
  ctx.fillText('0', pad.l - 4, h - pad.b);
  const label = (i) => (i < bounds.length ? `≤${format(bounds[i])}` : `>${format(bounds[bounds.length - 1] ?? 0)}`);
  const every = Math.max(1, Math.ceil(n / Math.max(1, Math.floor((w - pad.l) / 60))));
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (let i = 0; i < n; i++) {
    const bh = ((counts[i] ?? 0) / max) * (h - pad.t - pad.b);
    ctx.fillStyle = color;
    ctx.fillRect(pad.l + i * bw + 1, h - pad.b - bh, Math.max(1, bw - 2), bh);
    if (i % every === 0) {
      ctx.fillStyle = fg;
      ctx.fillText(label(i), pad.l + i * bw + bw / 2, h - pad.b + 4);
    }
  }
  return (x) => {
    const i = Math.floor((x - pad.l) / bw);
    if (i < 0 || i >= n) return null;
    return { x: pad.l + i * bw + bw / 2, rows: [{ label: label(i), color, text: `${counts[i]} in bucket` }] };
  };
}

/**
 * Histogram heatmaps, one band per series (time across, buckets up, colour =
 * count in the interval), stacked with the series' label above each band and
 * one colour scale for all, so bands compare. The canvas grows to hold them.
 */
export function heatmap(canvas, series, { format = String, band = 180 } = {}) {
  const list = series.filter((s) => s.points.length);
  const titled = list.length > 1;
  const bandH = titled ? 130 : 0;
  // One series: the stylesheet's height; several: as tall as their bands.
  canvas.style.height = titled ? `${list.length * (bandH + 16)}px` : '';
  const { ctx, w, h } = fitCanvas(canvas, band);
  const pad = { l: 56, r: 8, t: 8, b: 20 };
  const fg = cssVar('--muted', '#888');
  ctx.font = '10px system-ui, sans-serif';
  if (!list.length) return () => null;
  const cellsOf = (points) => points.map((p, i) => {
    const prev = points[i - 1];
    // Cumulative histograms grow; the change between points is what happened in between.
    const grows = prev && prev.count <= p.count && prev.counts?.length === p.counts?.length;
    return (p.counts ?? []).map((c, j) => (grows ? c - (prev.counts[j] ?? 0) : c));
  });
  const all = list.map((s) => cellsOf(s.points));
  const max = Math.max(1, ...all.flatMap((cols) => cols.flat()));
  const bandOf = titled ? bandH : h;
  const bands = list.map((s, k) => {
    const top = titled ? k * (bandH + 16) + 16 : 0;
    const points = s.points;
    const cols = all[k];
    const nb = Math.max(...points.map((p) => p.counts?.length ?? 0));
    const cw = (w - pad.l - pad.r) / cols.length;
    const rh = (bandOf - pad.t - pad.b) / Math.max(nb, 1);
    const bottom = top + bandOf - pad.b;
    if (titled) {
      ctx.fillStyle = s.color ?? fg;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'top';
      ctx.fillText(s.label ?? '', pad.l, top - 13);
    }
    cols.forEach((col, i) => {
      col.forEach((c, j) => {
        if (c <= 0) return;
        ctx.fillStyle = `rgba(59,130,246,${0.15 + 0.85 * (c / max)})`;
        ctx.fillRect(pad.l + i * cw, bottom - (j + 1) * rh, Math.ceil(cw), Math.ceil(rh));
      });
    });
    const bounds = points[points.length - 1].bounds ?? [];
    ctx.fillStyle = fg;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    const every = Math.max(1, Math.ceil(nb / Math.max(1, Math.floor((bandOf - pad.t - pad.b) / 14))));
    for (let j = 0; j < nb; j += every) ctx.fillText(j < bounds.length ? `≤${format(bounds[j])}` : '+∞', pad.l - 4, bottom - (j + 0.5) * rh);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    const t0 = points[0].t;
    const t1 = points[points.length - 1].t;
    ctx.fillText(timeLabel(t0, t1 - t0), pad.l + 30, bottom + 4);
    ctx.fillText(timeLabel(t1, t1 - t0), w - pad.r - 30, bottom + 4);
    return { top, bottom, points, cols, nb, cw, rh, bounds, label: s.label };
  });
  return (x, y) => {
    const b = bands.find((band) => y >= band.top && y < band.bottom + pad.b);
    if (!b) return null;
    const i = Math.floor((x - pad.l) / b.cw);
    const j = Math.floor((b.bottom - y) / b.rh);
    if (i < 0 || i >= b.cols.length || j < 0 || j >= b.nb) return null;
    const bucket = j < b.bounds.length ? `≤${format(b.bounds[j])}` : `>${format(b.bounds[b.bounds.length - 1] ?? 0)}`;
    return { x: pad.l + i * b.cw + b.cw / 2, t: b.points[i].t, rows: [{ label: titled ? `${b.label} ${bucket}` : bucket, color: '#3b82f6', text: `${b.cols[i][j] ?? 0}` }] };
  };
}

/**
 * Half-circle gauges for the latest value of each series within [0, max],
 * side by side (wrapping into rows), each named under its dial when there
 * are several. The canvas grows to hold the rows.
 */
export function gauge(canvas, items, { max, format = String, height = 140 } = {}) {
  const list = items.length ? items : [{ value: 0, label: '', color: seriesColor(0) }];
  const width = Math.max(10, canvas.clientWidth || canvas.parentElement?.clientWidth || 300);
  const perRow = Math.max(1, Math.min(list.length, Math.floor(width / 170)));
  const rows = Math.ceil(list.length / perRow);
  const named = list.length > 1;
  const cellH = height + (named ? 16 : 0);
  // One dial: the stylesheet's height; several: as tall as their rows.
  canvas.style.height = named ? `${rows * cellH}px` : '';
  const { ctx, w, h } = fitCanvas(canvas, rows * cellH);
  const dialH = named ? height : h;
  const cellW = w / perRow;
  list.forEach((item, k) => {
    const value = item.value;
    const cx = cellW * (k % perRow) + cellW / 2;
    const cy = Math.floor(k / perRow) * cellH + dialH - 20;
    // Room beside each dial for its 0 and max labels, so neighbours do not overlap.
    const r = Math.max(20, Math.min(cellW / 2 - (named ? 30 : 10), dialH - 40, 110));
    const top = max && max > 0 ? max : Math.max(1, Math.abs(value) * 1.25);
    const frac = Math.max(0, Math.min(1, value / top));
    ctx.lineWidth = Math.max(8, r / 5);
    ctx.lineCap = 'butt';
    ctx.strokeStyle = cssVar('--grid', 'rgba(128,128,128,.25)');
    ctx.beginPath();
    ctx.arc(cx, cy, r, Math.PI, 2 * Math.PI);
    ctx.stroke();
    ctx.strokeStyle = item.color ?? seriesColor(k);
    ctx.beginPath();
    ctx.arc(cx, cy, r, Math.PI, Math.PI + frac * Math.PI);
    ctx.stroke();
    ctx.fillStyle = cssVar('--fg', '#222');
    ctx.font = '600 18px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'alphabetic';
    ctx.fillText(format(value), cx, cy - 4);
    ctx.font = '10px system-ui, sans-serif';
    ctx.fillStyle = cssVar('--muted', '#888');
    ctx.fillText('0', cx - r, cy + 14);
    ctx.fillText(format(top), cx + r, cy + 14);
    if (named) {
      ctx.fillStyle = item.color ?? cssVar('--fg', '#222');
      ctx.fillText(item.label ?? '', cx, cy + 28, cellW - 12);
    }
  });
  return items.length;
}

/**
 * Attaches a readout (a positioned DOM box filled with textContent) to a canvas:
 * under the mouse, and from the keyboard (the canvas is focusable; Left/Right
 * move the readout along the chart, Home/End jump to its ends, Esc hides it).
 */
export function attachReadout(canvas, box, getHit) {
  const hide = () => {
    box.hidden = true;
  };
  const show = (x, y) => {
    const hit = getHit()?.(x, y);
    if (!hit) return false;
    box.replaceChildren();
    if (hit.t) {
      const t = document.createElement('div');
      t.className = 'readout-time';
      t.textContent = new Date(hit.t).toLocaleTimeString();
      box.appendChild(t);
    }
    for (const r of hit.rows) {
      const row = document.createElement('div');
      const sw = document.createElement('span');
      sw.className = 'swatch';
      sw.style.background = r.color;
      row.append(sw, `${r.label}: ${r.text}`);
      box.appendChild(row);
    }
    box.hidden = false;
    const left = Math.min(hit.x + 12, canvas.clientWidth - box.offsetWidth - 4);
    box.style.left = `${Math.max(0, left)}px`;
    box.style.top = `${Math.max(0, y - 10)}px`;
    return true;
  };
  canvas.addEventListener('mouseleave', hide);
  canvas.addEventListener('mousemove', (e) => {
    if (!show(e.offsetX, e.offsetY)) hide();
  });
  canvas.tabIndex = 0;
  let kx = -1;
  canvas.addEventListener('blur', hide);
  canvas.addEventListener('keydown', (e) => {
    const w = canvas.clientWidth;
    const y = canvas.clientHeight / 2;
    const step = Math.max(4, w / 60);
    if (kx < 0) kx = w - 12;
    if (e.key === 'ArrowLeft') kx = Math.max(0, kx - step);
    else if (e.key === 'ArrowRight') kx = Math.min(w - 1, kx + step);
    else if (e.key === 'Home') kx = 0;
    else if (e.key === 'End') kx = w - 12;
    else if (e.key === 'Escape') return hide();
    else return;
    e.preventDefault();
    // Step over the axis margin: move on until a position has a readout (or the edge is reached).
    const dir = e.key === 'ArrowLeft' || e.key === 'End' ? -1 : 1;
    while (!show(kx, y) && kx > 0 && kx < w - 1) kx += dir * step;
  });
}
