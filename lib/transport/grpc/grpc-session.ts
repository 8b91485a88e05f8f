/**
 * One long-lived HTTP/2 session per gRPC endpoint, as a small explicit state
 * machine, shared by the exporters that send there (traces, metrics and logs
 * to one collector ride one connection):
 *
 *     idle ──request()──▶ connecting ──'connect'──▶ ready
 *      ▲                      │                       │
 *      └── GOAWAY, error, close, idle timeout ◀───────┘
 *     any ──close()──▶ closed (for good: request() returns undefined)
 *
 * A GOAWAY retires the session at once: the streams it still carries finish
 * on it, the next request opens a new one. The socket is always unref'd, as
 * the HTTP transport's sockets are: a collector that accepts and never
 * answers must not keep the process alive (a periodic reader always has a
 * call in flight). Whoever awaits an export holds a ref'd deadline timer
 * instead (the processors, the readers, the exporter for a direct caller).
 */
import * as http2 from 'node:http2';
import type { ClientHttp2Session, ClientHttp2Stream, OutgoingHttpHeaders } from 'node:http2';

export type SessionState = 'idle' | 'connecting' | 'ready' | 'closed';

export interface TlsMaterial {
  /** PEM: CA certificate(s) to verify the server with (OTEL_EXPORTER_OTLP_CERTIFICATE). */
  readonly ca?: Uint8Array | undefined;
  /** PEM: client key and certificate for mTLS (OTEL_EXPORTER_OTLP_CLIENT_KEY / _CLIENT_CERTIFICATE). */
  readonly key?: Uint8Array | undefined;
  readonly cert?: Uint8Array | undefined;
}

/** A session left without streams this long is closed (and reopened on the next request). */
const IDLE_CLOSE_MS = 5 * 60_000;

export class GrpcSession {
  readonly origin: string;
  readonly #tls: TlsMaterial;
  #state: SessionState;
  #session: ClientHttp2Session | undefined;
  #active: number;
  /** How many sessions this endpoint has opened (tests read it to see a reconnect). */
  connects: number;
  /** Why the last connection failed (a refused connection, a certificate not trusted), for the calls it took down. */
  lastError: Error | undefined;

  constructor(origin: string, tls: TlsMaterial = {}) {
    this.origin = origin;
    this.#tls = tls;
    this.#state = 'idle';
    this.#session = undefined;
    this.#active = 0;
    this.connects = 0;
    this.lastError = undefined;
  }

  get state(): SessionState {
    return this.#state;
  }

  /** Opens a stream on the live session (connecting first when idle); undefined once closed. May throw (bad header): callers guard. */
  request(headers: OutgoingHttpHeaders): ClientHttp2Stream | undefined {
    if (this.#state === 'closed') return undefined;
    const session = this.#live();
    const stream = session.request(headers, { endStream: false });
    this.#active++;
    stream.once('close', () => {
      this.#active--;
    });
    return stream;
  }

  #live(): ClientHttp2Session {
    const current = this.#session;
    if (current !== undefined && !current.closed && !current.destroyed) return current;
    const { ca, key, cert } = this.#tls;
    const session = http2.connect(this.origin, {
      ...(ca !== undefined && { ca: Buffer.from(ca) }),
      ...(key !== undefined && { key: Buffer.from(key) }),
      ...(cert !== undefined && { cert: Buffer.from(cert) }),
      ALPNProtocols: ['h2'],
    });
    this.connects++;
    this.#session = session;
    this.#state = 'connecting';
    session.unref();
    session.setTimeout(IDLE_CLOSE_MS, () => {
      if (this.#active === 0) this.#retire(session, true);
    });
    session.on('connect', () => {
      if (this.#session !== session) return;
      this.#state = 'ready';
      this.lastError = undefined;
    });
    // Streams see the failure themselves (as a bare reset): keep its reason, retire the session.
    session.on('error', (err: Error) => {
      this.lastError = err;
      this.#retire(session, false);
    });
    // GOAWAY: no new streams here; let those in flight finish, then close (the server waits for it).
    session.on('goaway', () => this.#retire(session, true));
    session.on('close', () => this.#retire(session, false));
    return session;
  }

  /** Forgets `session` (if still current) so the next request reconnects; closes it gracefully when asked. */
  #retire(session: ClientHttp2Session, close: boolean): void {
    if (this.#session === session) {
      this.#session = undefined;
      if (this.#state !== 'closed') this.#state = 'idle';
    }
    if (close && !session.closed) session.close();
  }

  /** Closes for good: streams in flight are cancelled. */
  close(): void {
    this.#state = 'closed';
    const s = this.#session;
    this.#session = undefined;
    if (s !== undefined && !s.destroyed) s.destroy();
  }
}

/** Sessions shared by endpoint and TLS material, counted so the last user closes it. */
const shared = new Map<string, { session: GrpcSession; users: number }>();

function keyOf(origin: string, tls: TlsMaterial): string {
  const b = (x: Uint8Array | undefined): string => (x === undefined ? '-' : Buffer.from(x).toString('base64'));
  return `${origin}|${b(tls.ca)}|${b(tls.key)}|${b(tls.cert)}`;
}

export function acquireSession(origin: string, tls: TlsMaterial): { session: GrpcSession; release: () => void } {
  const key = keyOf(origin, tls);
  let entry = shared.get(key);
  if (entry === undefined || entry.session.state === 'closed') {
    entry = { session: new GrpcSession(origin, tls), users: 0 };
    shared.set(key, entry);
  }
  entry.users++;
  const held = entry;
  let released = false;
  return {
    session: held.session,
    release: () => {
      if (released) return;
      released = true;
      if (--held.users === 0) {
        held.session.close();
        if (shared.get(key) === held) shared.delete(key);
      }
    },
  };
}
