/**
 * The last resort at `process.exit()`: the event loop will not turn again,
 * so bodies still queued are POSTed by a short-lived child Node process while
 * this one waits for it synchronously (`spawnSync`), bounded by a timeout.
 * A child process rather than a worker thread: it needs nothing started in
 * advance (a worker would live for the whole life of every process), cannot
 * be torn down with this one mid-request, and a hung collector costs at most
 * the timeout. The configuration (URL, headers — which may hold credentials)
 * travels on stdin, never in argv; NODE_OPTIONS is cleared so the child does
 * not load zerotel/register (or anything else) itself.
 *
 * stdin: [u32 length][JSON {url, headers}] then [u32 length][body]…;
 * stdout: one "1" per body the server accepted (2xx), in order, stopping at
 * the first refusal.
 */
import type { SpawnSyncReturns } from 'node:child_process';

const CHILD = `
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const buf = Buffer.concat(chunks);
  const frames = [];
  for (let off = 0; off + 4 <= buf.length; ) {
    const n = buf.readUInt32BE(off);
    frames.push(buf.subarray(off + 4, off + 4 + n));
    off += 4 + n;
  }
  const { url, headers } = JSON.parse(frames.shift().toString('utf8'));
  const mod = url.startsWith('https:') ? require('node:https') : require('node:http');
  for (const body of frames) {
    const ok = await new Promise((resolve) => {
      const req = mod.request(url, { method: 'POST', headers: { ...headers, 'content-length': body.length } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode >= 200 && res.statusCode < 300));
        res.on('error', () => resolve(false));
      });
      req.on('error', () => resolve(false));
      req.end(body);
    });
    if (!ok) break;
    process.stdout.write('1');
  }
});
`;

function frame(parts: Uint8Array[]): Buffer {
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

/**
 * POSTs `bodies` in order to `url`, synchronously, within `timeoutMillis`;
 * returns how many the server accepted (the first ones). Never throws: any
 * failure (no child processes allowed, timeout, refusal) counts as 0 more.
 */
export function postSync(url: string, headers: Record<string, string | number>, bodies: Uint8Array[], timeoutMillis: number): number {
  if (bodies.length === 0) return 0;
  try {
    const { spawnSync } = process.getBuiltinModule('node:child_process');
    const env: NodeJS.ProcessEnv = { ...process.env };
    // A bare helper: no preloads (zerotel/register itself), no coverage or profile files of its own.
    delete env['NODE_OPTIONS'];
    delete env['NODE_V8_COVERAGE'];
    const config = Buffer.from(JSON.stringify({ url, headers }), 'utf8');
    const r: SpawnSyncReturns<Buffer> = spawnSync(process.execPath, ['-e', CHILD], {
      input: frame([config, ...bodies]),
      timeout: Math.max(1, timeoutMillis),
      env,
      stdio: ['pipe', 'pipe', 'ignore'],
      windowsHide: true,
    });
    const out = r.stdout;
    if (out === null || out === undefined) return 0;
    let n = 0;
    for (const b of out) if (b === 0x31) n++;
    return Math.min(n, bodies.length);
  } catch {
    return 0;
  }
}
