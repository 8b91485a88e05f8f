/**
 * The last resort at `process.exit()`: the event loop will not turn again,
 * so bodies still queued are sent by a short-lived child Node process while
 * this one waits for it synchronously (`spawnSync`), bounded by a timeout.
 * A child process rather than a worker thread: it needs nothing started in
 * advance (a worker would live for the whole life of every process), cannot
 * be torn down with this one mid-request, and a hung collector costs at most
 * the timeout. At `process.exit()` every signal's jobs go to ONE child
 * (common/exit-handoff.ts gathers them), which runs them side by side:
 * one Node start-up for spans, logs and metrics together. One child script
 * for both wire protocols:
 *
 *  - OTLP/HTTP: one POST per body (node:http / node:https);
 *  - OTLP/gRPC: one unary call per body on one HTTP/2 session (node:http2);
 *    the bodies arrive already framed (and gzip'd) by the parent, which also
 *    built and checked the metadata: the child only moves bytes.
 *
 * The configuration (URL, headers — which may hold credentials — and TLS
 * material) travels on stdin, never in argv. The child is a bare Node: no
 * NODE_OPTIONS (which could `--import zerotel/register`, tracing the child's
 * own request and installing exit hooks in it), no coverage or profile files
 * of its own, and OTEL_SDK_DISABLED=true should anything load zerotel anyway.
 *
 * stdin:  [u32 length][JSON {start, jobs}] then [u32 length][body]… (every
 *         job's bodies, job after job; each job says how many are its own)
 * stdout: "<job>+\n" per body the server accepted, in order; at the first
 *         one it did not, "<job>-<why>\n" and nothing more for that job.
 */
import type { SpawnSyncReturns } from 'node:child_process';
import type { SyncSendResult } from './transport-result.js';

/** What the child sends: where, how, and the headers (the gRPC ones included) ready to go on the wire. */
export interface HandOffJob {
  readonly protocol: 'http' | 'grpc';
  /** http: the full URL to POST to; grpc: the endpoint whose origin is dialled. */
  readonly url: string;
  /** grpc: the method path. */
  readonly path?: string;
  readonly headers: Record<string, string | number>;
  readonly tls?: { readonly ca?: Uint8Array | undefined; readonly key?: Uint8Array | undefined; readonly cert?: Uint8Array | undefined } | undefined;
  /** Wire-ready: gzip'd when configured; for gRPC, length-prefixed frames. */
  readonly bodies: readonly Uint8Array[];
  /** This job's own bound (the export timeout and time for the child to start); the run's bound applies too. */
  readonly budgetMillis?: number;
}

/** Time kept back for the child to say what happened before the parent stops waiting. */
const REPORT_MARGIN_MS = 150;

/*
 * The child. Plain JavaScript in a string (it runs as `node -e`: nothing to
 * resolve on disk, whatever bundle this module ends up in). Every failure it
 * sees becomes one "-" line naming the cause (the error's code, the HTTP or
 * gRPC status, or its own deadline).
 */
const CHILD = `
'use strict';
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', () => {
  const buf = Buffer.concat(chunks);
  const frames = [];
  for (let off = 0; off + 4 <= buf.length; ) {
    const n = buf.readUInt32BE(off);
    frames.push(buf.subarray(off + 4, off + 4 + n));
    off += 4 + n;
  }
  const { start, jobs } = JSON.parse(frames.shift().toString('utf8'));
  const why = (e) => {
    if (!e || typeof e !== 'object') return String(e);
    const m = String(e.message || '');
    return e.code && !m.includes(e.code) ? e.code + (m ? ': ' + m : '') : m || String(e.code || e);
  };
  let open = jobs.length;
  const timers = [];
  // One job's end (all sent, a refusal, or its deadline): later news from it is ignored.
  const end = (i, line) => {
    if (jobs[i].done) return;
    jobs[i].done = true;
    clearTimeout(timers[i]);
    if (line) process.stdout.write(i + line);
    if (--open === 0) process.stdout.write('', () => process.exit(0));
  };
  let next = 0;
  jobs.forEach((c, i) => {
    const bodies = frames.slice(next, next + c.count);
    next += c.count;
    const pem = (s) => (typeof s === 'string' ? Buffer.from(s, 'base64') : undefined);
    const tls = { ca: pem(c.ca), key: pem(c.key), cert: pem(c.cert) };
    const ok = () => { if (!c.done) process.stdout.write(i + '+\\n'); };
    const left = () => Math.max(1, c.budget - (Date.now() - start));
    timers[i] = setTimeout(() => end(i, '-no answer within ' + c.budget + ' ms\\n'), left());
    (c.protocol === 'grpc' ? grpc : http)(c, bodies, tls, ok, left).then((r) => end(i, r), (e) => end(i, '-' + why(e) + '\\n'));
  });
  if (jobs.length === 0) process.exit(0);
  async function http(c, bodies, tls, ok) {
    const https = c.url.startsWith('https:');
    const mod = require(https ? 'node:https' : 'node:http');
    const agent = new mod.Agent({ keepAlive: true, maxSockets: 1, ...(https ? tls : {}) });
    try {
      for (const body of bodies) {
        const r = await new Promise((resolve) => {
          const req = mod.request(c.url, { method: 'POST', agent, headers: { ...c.headers, 'content-length': body.length } }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode >= 200 && res.statusCode < 300 ? '' : 'HTTP ' + res.statusCode));
            res.on('error', (e) => resolve(why(e)));
          });
          req.on('error', (e) => resolve(why(e)));
          req.end(body);
        });
        if (r !== '') return '-' + r + '\\n';
        ok();
      }
      return '';
    } finally {
      agent.destroy();
    }
  }
  async function grpc(c, frames, tls, ok, left) {
    const http2 = require('node:http2');
    let lost;
    const session = http2.connect(new URL(c.url).origin, { ...tls, ALPNProtocols: ['h2'] });
    session.on('error', (e) => { lost = e; });
    try {
      for (const frame of frames) {
        const r = await new Promise((resolve) => {
          let status;
          let message = '';
          const read = (h) => {
            if (h['grpc-status'] !== undefined) { status = Number(h['grpc-status']); message = String(h['grpc-message'] || ''); }
          };
          const stream = session.request({ ...c.headers, ':method': 'POST', ':path': c.path, 'grpc-timeout': left() + 'm' }, { endStream: false });
          stream.on('response', (h) => {
            if (h[':status'] !== 200 && h['grpc-status'] === undefined) { status = -1; message = 'HTTP ' + h[':status']; }
            read(h);
          });
          stream.on('trailers', read);
          stream.on('data', () => {});
          stream.on('error', () => {});
          // The session's 'error' (why the connection failed) comes just after the stream's 'close'.
          stream.on('close', () => setImmediate(() => {
            if (status === 0) resolve('');
            else if (status === -1) resolve(message);
            else if (status !== undefined) resolve('gRPC status ' + status + (message ? ': ' + decodeURIComponent(message) : ''));
            else resolve(lost ? why(lost) : 'connection lost before a status');
          }));
          stream.end(frame);
        });
        if (r !== '') return '-' + r + '\\n';
        ok();
      }
      return '';
    } finally {
      session.close();
    }
  }
});
`;

function frame(parts: readonly Uint8Array[]): Buffer {
  let size = 0;
  for (const p of parts) size += 4 + p.byteLength;
  const out = Buffer.allocUnsafe(size);
  let off = 0;
  for (const p of parts) {
    out.writeUInt32BE(p.byteLength, off);
    out.set(p, off + 4);
    off += 4 + p.byteLength;
  }
  return out;
}

const b64 = (b: Uint8Array | undefined): string | undefined => (b === undefined ? undefined : Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64'));

/** The environment of the child: this one's (NODE_EXTRA_CA_CERTS and the like still apply), minus anything that loads code into it. */
export function handOffEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env };
  delete out['NODE_OPTIONS'];
  delete out['NODE_V8_COVERAGE'];
  out['OTEL_SDK_DISABLED'] = 'true';
  return out;
}

/**
 * Runs `jobs` side by side in one child process, each sending its bodies in
 * order, synchronously within `timeoutMillis` (and each within its own
 * `budgetMillis`); returns, per job, how many the server accepted (the
 * first ones) and, when not all, why. Never throws: any failure (no child
 * processes allowed, timeout, refusal) is a result.
 */
export function handOffAll(jobs: readonly HandOffJob[], timeoutMillis: number): SyncSendResult[] {
  const cap = Math.max(1, Math.floor(timeoutMillis));
  const budgets = jobs.map((j) => Math.max(1, Math.min(cap, Math.floor(j.budgetMillis ?? cap))));
  const bound = Math.max(1, ...budgets);
  const results = jobs.map(() => ({ accepted: 0, error: undefined as string | undefined }));
  const sending = jobs.some((j) => j.bodies.length > 0);
  try {
    if (sending) {
      const { spawnSync } = process.getBuiltinModule('node:child_process');
      const config = {
        // The jobs' deadlines, on the shared wall clock, a little before this process stops waiting.
        start: Date.now(),
        jobs: jobs.map((job, i) => {
          const tls = job.tls ?? {};
          return {
            protocol: job.protocol,
            url: job.url,
            path: job.path,
            headers: job.headers,
            ca: b64(tls.ca),
            key: b64(tls.key),
            cert: b64(tls.cert),
            count: job.bodies.length,
            budget: Math.max(1, budgets[i]! - REPORT_MARGIN_MS),
          };
        }),
      };
      const r: SpawnSyncReturns<Buffer> = spawnSync(process.execPath, ['-e', CHILD], {
        input: frame([Buffer.from(JSON.stringify(config), 'utf8'), ...jobs.flatMap((j) => j.bodies)]),
        timeout: bound,
        env: handOffEnv(process.env),
        stdio: ['pipe', 'pipe', 'ignore'],
        windowsHide: true,
      });
      const out = r.stdout === null || r.stdout === undefined ? '' : r.stdout.toString('utf8');
      for (const line of out.split('\n')) {
        const m = /^(\d+)([+-])(.*)$/.exec(line);
        const res = m === null ? undefined : results[Number(m[1])];
        if (res === undefined) continue;
        if (m![2] === '+') res.accepted++;
        else res.error = m![3];
      }
      const lost = r.error !== undefined ? `the sending process failed: ${(r.error as NodeJS.ErrnoException).code ?? r.error.message}` : `the sending process did not finish within ${bound} ms`;
      jobs.forEach((job, i) => {
        const res = results[i]!;
        res.accepted = Math.min(res.accepted, job.bodies.length);
        if (res.accepted < job.bodies.length && res.error === undefined) res.error = lost;
      });
    }
  } catch (err) {
    const error = `the sending process could not run: ${err instanceof Error ? err.message : String(err)}`;
    jobs.forEach((job, i) => {
      if (results[i]!.accepted < job.bodies.length) results[i]!.error = error;
    });
  }
  return results.map((r) => (r.error === undefined ? { accepted: r.accepted } : { accepted: r.accepted, error: r.error }));
}

/** One job on its own (a direct call of an exporter's synchronous send). */
export function handOffSync(job: HandOffJob, timeoutMillis: number): SyncSendResult {
  return handOffAll([job], timeoutMillis)[0]!;
}

/** The runner the exit hand-off groups OTLP jobs by (common/exit-handoff.ts): its jobs are HandOffJobs. */
export const runHandOffJobs = handOffAll as (jobs: readonly object[], timeoutMillis: number) => SyncSendResult[];
