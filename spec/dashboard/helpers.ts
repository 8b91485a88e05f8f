/**
 * Helpers for the dashboard specs: the CLI as a child process (`zerotel
 * dashboard --port 0`), JSON GETs, raw HTTP requests with any Host header,
 * and an SSE reader.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { LIB_BUILD } from '../helpers/paths.js';

export const CLI = join(LIB_BUILD, 'cli.js');

export interface CliDashboard {
  readonly url: string;
  readonly child: ChildProcess;
  stderr(): string;
  close(): Promise<void>;
}

/** Spawns `zerotel dashboard --port 0 …` and waits for its "listening on" line (bounded). */
export function startCliDashboard(args: string[] = []): Promise<CliDashboard> {
  const child = spawn(process.execPath, [CLI, 'dashboard', '--port', '0', '--grpc-port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`dashboard did not start: ${err}`));
    }, 10_000);
    child.on('exit', (code) => reject(new Error(`dashboard exited (${code}): ${err}`)));
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (http:\/\/\S+\/)/.exec(out);
      if (m === null) return;
      clearTimeout(timer);
      resolve({
        url: m[1]!,
        child,
        stderr: () => err,
        close: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

export async function getJson<T = any>(url: string, init?: RequestInit): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, body: (text === '' ? undefined : JSON.parse(text)) as T, headers: res.headers };
}

/** Polls `f` until it returns a truthy value or `ms` pass (bounded waits, no fixed sleeps). */
export async function eventually<T>(f: () => Promise<T | undefined | false>, ms = 5000, what = 'condition'): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A request through node:http with full control of headers (Host included) and the raw path. */
export function rawRequest(url: string, opts: { method?: string; path?: string; headers?: Record<string, string | number>; body?: Uint8Array | string }): Promise<RawResponse> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: u.hostname, port: u.port, method: opts.method ?? 'GET', path: opts.path ?? u.pathname + u.search, headers: opts.headers ?? {}, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('request timed out')));
    req.end(opts.body);
  });
}

export interface SseEvent {
  id: string | undefined;
  event: string;
  data: any;
}

/** Opens /events and collects parsed events until `close()`. */
export function openEvents(url: string, headers: Record<string, string> = {}): { events: SseEvent[]; comments: string[]; ready: Promise<number>; close(): void } {
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const u = new URL('events', url);
  let req: ReturnType<typeof request>;
  const ready = new Promise<number>((resolve, reject) => {
    req = request({ host: u.hostname, port: u.port, path: u.pathname, headers, agent: false }, (res) => {
      resolve(res.statusCode ?? 0);
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        buf += c;
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const e: SseEvent = { id: undefined, event: 'message', data: undefined };
          let data = '';
          let isEvent = false;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line);
            else if (line.startsWith('id: ')) e.id = line.slice(4);
            else if (line.startsWith('event: ')) e.event = line.slice(7);
            else if (line.startsWith('data: ')) {
              data += line.slice(6);
              isEvent = true;
            }
          }
          if (isEvent) {
            e.data = JSON.parse(data);
            events.push(e);
          }
        }
      });
      res.on('error', () => {});
    });
    req.on('error', reject);
    req.end();
  });
  return { events, comments, ready, close: () => req.destroy() };
}
