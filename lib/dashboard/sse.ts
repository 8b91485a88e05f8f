/**
 * Server-Sent Events at `/events`. Every event has a numeric id and is kept
 * in a bounded backlog, so a client reconnecting with `Last-Event-ID` gets
 * what it missed (or a fresh snapshot when that has left the backlog).
 * Each client's unsent bytes are bounded: a client that does not read is
 * disconnected, never buffered without limit. Comment heartbeats keep
 * proxies and the browser's reconnect logic honest.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface SseOptions {
  /** Unsent bytes a client may have before the next event cuts it off (default 1 MB). */
  readonly maxClientBuffer: number;
  readonly heartbeatMs: number;
  readonly backlogEvents: number;
  readonly backlogBytes: number;
  readonly maxClients: number;
}

export const DEFAULT_SSE: SseOptions = { maxClientBuffer: 1024 * 1024, heartbeatMs: 15_000, backlogEvents: 512, backlogBytes: 8 * 1024 * 1024, maxClients: 64 };

interface Sent {
  readonly id: number;
  readonly text: string;
}

export class SseHub {
  readonly #clients = new Set<ServerResponse>();
  readonly #backlog: Sent[] = [];
  #backlogBytes = 0;
  #seq = 0;
  #heartbeat: NodeJS.Timeout | undefined;
  readonly #opts: SseOptions;
  /** Clients cut off for not reading (reported in health as dropped.sseClients). */
  cutOff = 0;
  refused = 0;

  constructor(opts: SseOptions) {
    this.#opts = opts;
    this.#heartbeat = setInterval(() => this.#writeAll(': hb\n\n'), opts.heartbeatMs);
    this.#heartbeat.unref();
  }

  get clientCount(): number {
    return this.#clients.size;
  }

  /** Opens a stream; `snapshot()` makes the first event when nothing can be replayed. */
  open(req: IncomingMessage, res: ServerResponse, snapshot: () => unknown): void {
    if (this.#clients.size >= this.#opts.maxClients) {
      this.refused++;
      res.statusCode = 503;
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.setHeader('retry-after', '5');
      res.end(JSON.stringify({ error: `too many event streams (${this.#opts.maxClients})` }));
      return;
    }
    res.statusCode = 200;
    res.setHeader('content-type', 'text/event-stream; charset=utf-8');
    res.setHeader('cache-control', 'no-store');
    res.setHeader('connection', 'keep-alive');
    res.flushHeaders();
    req.socket.setNoDelay(true);
    req.socket.setTimeout(0);
    this.#clients.add(res);
    res.on('close', () => this.#clients.delete(res));
    const last = Number(req.headers['last-event-id']);
    const first = this.#backlog[0];
    if (Number.isInteger(last) && last >= 0 && last <= this.#seq && first !== undefined && first.id <= last + 1) {
      res.write('retry: 1000\n\n');
      for (const e of this.#backlog) if (e.id > last) this.#write(res, e.text);
      return;
    }
    res.write('retry: 1000\n\n');
    this.#write(res, this.#format('snapshot', snapshot()).text);
  }

  /** Sends an event to every client and keeps it in the backlog. */
  broadcast(event: string, data: unknown): void {
    const e = this.#format(event, data);
    this.#backlog.push(e);
    this.#backlogBytes += e.text.length;
    while (this.#backlog.length > this.#opts.backlogEvents || (this.#backlogBytes > this.#opts.backlogBytes && this.#backlog.length > 1)) {
      this.#backlogBytes -= this.#backlog.shift()!.text.length;
    }
    this.#writeAll(e.text);
  }

  /** Changes went unsent (nobody was listening): a resume cannot replay them, so it starts from a snapshot. */
  gap(): void {
    this.#seq++;
    this.#backlog.length = 0;
    this.#backlogBytes = 0;
  }

  close(): void {
    clearInterval(this.#heartbeat);
    for (const res of this.#clients) res.destroy();
    this.#clients.clear();
  }

  #format(event: string, data: unknown): Sent {
    const id = ++this.#seq;
    return { id, text: `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n` };
  }

  #writeAll(text: string): void {
    for (const res of this.#clients) this.#write(res, text);
  }

  #write(res: ServerResponse, text: string): void {
    if (res.destroyed) {
      this.#clients.delete(res);
      return;
    }
    if (res.writableLength > this.#opts.maxClientBuffer) {
      // The client has not taken what it was sent: cut it off rather than buffer without bound.
      this.cutOff++;
      this.#clients.delete(res);
      res.destroy();
      return;
    }
    res.write(text);
  }
}
