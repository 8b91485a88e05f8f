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
import type { HandOffResult } from '../common/exit-handoff.js';

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

/** One job as the child receives it (JSON; TLS material base64). */
interface ChildJob {
  protocol: 'http' | 'grpc';
  url: string;
  path?: string | undefined;
  headers: Record<string, string | number>;
  ca?: string | undefined;
  key?: string | undefined;
  cert?: string | undefined;
  count: number;
  budget: number;
  done?: boolean;
}

/**
 * The child's program. It runs as `node -e "(<this function's source>)()"`:
 * nothing to resolve on disk whatever bundle this module ends up in, and
 * minified with the rest. So it must be self-contained — no imports, no
 * `require` (a bundler rewrites it), only globals and
 * `process.getBuiltinModule`. Every failure it sees becomes one "-" line
 * naming the cause: the error's code and message, the HTTP or gRPC status,
 * or its own deadline.
 */
function handOffChild(): void {
  const chunks: Buffer[] = [];
  process.stdin.on('data', (c: Buffer) => chunks.push(c));
  process.stdin.on('end', () => {
    const buf = Buffer.concat(chunks);
    const frames: Buffer[] = [];
    for (let off = 0; off + 4 <= buf.length; ) {
      const n = buf.readUInt32BE(off);
      frames.push(buf.subarray(off + 4, off + 4 + n));
      off += 4 + n;
    }
    const { start, jobs } = JSON.parse(frames.shift()!.toString('utf8')) as { start: number; jobs: ChildJob[] };
    // The error's message, its code first when the message does not say it (a certificate error).
    const why = (e: unknown): string => {
      const { code, message } = e as { code?: string; message: string };
      return code && !message.includes(code) ? `${code}: ${message}` : message;
    };
    let open = jobs.length;
    const timers: NodeJS.Timeout[] = [];
    // One job's end (all sent, a refusal, or its deadline): later news from it is ignored.
    const end = (i: number, line: string): void => {
      const c = jobs[i]!;
      if (c.done) return;
      c.done = true;
      clearTimeout(timers[i]);
      if (line) process.stdout.write(i + line);
      if (--open === 0) process.stdout.write('', () => process.exit(0));
    };
    const http = async (c: ChildJob, bodies: Buffer[], tls: object, ok: () => void): Promise<string> => {
      const https = c.url.startsWith('https:');
      const mod = https ? process.getBuiltinModule('node:https') : process.getBuiltinModule('node:http');
      for (const body of bodies) {
        const r = await new Promise<string>((resolve) => {
          const req = mod.request(c.url, { method: 'POST', ...(https ? tls : {}), headers: { ...c.headers, 'content-length': body.length } }, (res) => {
            res.resume();
            const status = res.statusCode ?? 0;
            res.on('end', () => resolve(status >= 200 && status < 300 ? '' : `HTTP ${status}`));
            res.on('error', (e) => resolve(why(e)));
          });
          req.on('error', (e) => resolve(why(e)));
          req.end(body);
        });
        if (r !== '') return `-${r}\n`;
        ok();
      }
      return '';
    };
    const grpc = async (c: ChildJob, bodies: Buffer[], tls: object, ok: () => void, left: () => number): Promise<string> => {
      let lost: unknown;
      const session = process.getBuiltinModule('node:http2').connect(new URL(c.url).origin, { ...tls, ALPNProtocols: ['h2'] });
      session.on('error', (e) => (lost = e));
      try {
        for (const frame of bodies) {
          const r = await new Promise<string>((resolve) => {
            // Why the call failed, '' when it did not: the grpc-status (trailers, or the headers of a
            // trailers-only answer), else the HTTP status, else the connection's error.
            let r = 'connection lost before a status';
            let answered = false;
            const read = (h: Record<string, unknown>): void => {
              const status = h['grpc-status'];
              if (status !== undefined) r = status === '0' ? '' : `gRPC status ${String(status)}: ${decodeURIComponent(String(h['grpc-message'] ?? ''))}`;
              else if (h[':status'] !== undefined && h[':status'] !== 200) r = `HTTP ${String(h[':status'])}`;
            };
            const stream = session.request({ ...c.headers, ':method': 'POST', ':path': c.path, 'grpc-timeout': `${left()}m` }, { endStream: false });
            stream.on('response', (h) => {
              answered = true;
              read(h);
            });
            stream.on('trailers', read);
            stream.on('data', () => {});
            stream.on('error', () => {});
            // The session's 'error' (why the connection failed) comes just after the stream's 'close'.
            stream.on('close', () => setImmediate(() => resolve(!answered && lost !== undefined ? why(lost) : r)));
            stream.end(frame);
          });
          if (r !== '') return `-${r}\n`;
          ok();
        }
        return '';
      } finally {
        session.close();
      }
    };
    let next = 0;
    jobs.forEach((c, i) => {
      const bodies = frames.slice(next, next + c.count);
      next += c.count;
      const pem = (s: string | undefined): Buffer | undefined => (typeof s === 'string' ? Buffer.from(s, 'base64') : undefined);
      const tls = { ca: pem(c.ca), key: pem(c.key), cert: pem(c.cert) };
      const ok = (): void => {
        if (!c.done) process.stdout.write(`${i}+\n`);
      };
      const left = (): number => Math.max(1, c.budget - (Date.now() - start));
      timers[i] = setTimeout(() => end(i, `-no answer within ${c.budget} ms\n`), left());
      (c.protocol === 'grpc' ? grpc(c, bodies, tls, ok, left) : http(c, bodies, tls, ok)).then(
        (r) => end(i, r),
        (e: unknown) => end(i, `-${why(e)}\n`),
      );
    });
  });
}

/** The child's source, made at the first hand-off. */
let childSource: string | undefined;

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
export function handOffAll(jobs: readonly HandOffJob[], timeoutMillis: number): HandOffResult[] {
  const cap = Math.max(1, Math.floor(timeoutMillis));
  const budgets = jobs.map((j) => Math.max(1, Math.min(cap, Math.floor(j.budgetMillis ?? cap))));
  const bound = Math.max(1, ...budgets);
  const results = jobs.map(() => ({ accepted: 0, error: undefined as string | undefined }));
  try {
    // (every job has bodies: a participant with nothing to send prepares no job)
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
    const r: SpawnSyncReturns<Buffer> = spawnSync(process.execPath, ['-e', (childSource ??= `(${handOffChild.toString()})()`)], {
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
    // Killed at the bound (ETIMEDOUT) before it could say so itself, or it could not run at all.
    const failed = r.error !== undefined && (r.error as NodeJS.ErrnoException).code !== 'ETIMEDOUT';
    const lost = failed ? `hand-off failed: ${r.error!.message}` : `no answer within ${bound} ms`;
    jobs.forEach((job, i) => {
      const res = results[i]!;
      res.accepted = Math.min(res.accepted, job.bodies.length);
      if (res.accepted < job.bodies.length && res.error === undefined) res.error = lost;
    });
  } catch (err) {
    const error = `hand-off failed: ${String(err)}`;
    jobs.forEach((job, i) => {
      if (results[i]!.accepted < job.bodies.length) results[i]!.error = error;
    });
  }
  return results;
}

