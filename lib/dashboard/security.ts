/**
 * What every request passes before any route: the Host check (DNS
 * rebinding: a page on evil.example resolving to 127.0.0.1 must not read the
 * dashboard), the token when the server listens beyond loopback, the
 * response headers that keep the page safe, and the opt-in CORS allowlist
 * for the OTLP routes (the dashboard's own routes never send CORS headers).
 */
import { Buffer } from 'node:buffer';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const COOKIE = 'zerotel_dashboard';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]', '::1'];

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]' || host === '';
}

export function generateToken(): string {
  return randomBytes(24).toString('base64url');
}

export interface SecurityOptions {
  readonly host: string;
  readonly port: number;
  /** Required beyond loopback; undefined on loopback binds without a token. */
  readonly token: string | undefined;
  /** Extra Host names accepted (e.g. a machine name). */
  readonly allowedHosts: readonly string[];
  /** Origins allowed to POST OTLP from a browser (`/v1/*` only). */
  readonly corsOrigins: readonly string[];
}

export const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('content-security-policy', CSP);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('cross-origin-resource-policy', 'same-origin');
}

/** The Host names (without port) this server answers to. */
export function hostNames(opts: SecurityOptions): Set<string> | undefined {
  if (isWildcard(opts.host)) return undefined; // any name reaches a wildcard bind: the token guards it
  const names = new Set<string>([opts.host.toLowerCase(), ...opts.allowedHosts.map((h) => h.toLowerCase())]);
  if (isLoopback(opts.host)) for (const n of LOOPBACK_NAMES) names.add(n);
  return names;
}

/** True when the Host header names this server (its port, when given, must be ours). */
export function hostAllowed(header: string | undefined, names: Set<string> | undefined, port: number): boolean {
  if (names === undefined) return true;
  if (header === undefined || header === '') return false;
  const h = header.trim().toLowerCase();
  let name = h;
  let p: string | undefined;
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(h);
  if (m === null) return false;
  name = m[1]!;
  p = m[2];
  if (p !== undefined && Number(p) !== port) return false;
  return names.has(name);
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === COOKIE) return part.slice(i + 1).trim();
  }
  return undefined;
}

export type AuthResult = 'ok' | 'denied' | 'redirected';

/**
 * Checks the token: `Authorization: Bearer`, the cookie, or `?t=` (then a
 * cookie is set and the browser sent to the same URL without the token, so
 * it never stays in the address bar or history).
 */
export function authenticate(req: IncomingMessage, res: ServerResponse, url: URL, token: string | undefined): AuthResult {
  if (token === undefined) return 'ok';
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer ') && safeEqual(auth.slice(7).trim(), token)) return 'ok';
  const cookie = cookieToken(req.headers.cookie);
  if (cookie !== undefined && safeEqual(cookie, token)) return 'ok';
  const t = url.searchParams.get('t');
  if (t !== null && safeEqual(t, token) && (req.method === 'GET' || req.method === 'HEAD')) {
    url.searchParams.delete('t');
    res.statusCode = 303;
    res.setHeader('set-cookie', `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    res.setHeader('location', url.pathname + (url.search === '?' ? '' : url.search));
    res.end();
    return 'redirected';
  }
  return 'denied';
}

/**
 * CORS for `/v1/*`: only origins on the allowlist get the headers; a
 * preflight from one is answered here. Returns false when the request came
 * from a browser origin that is not allowed (answered 403 by the caller).
 */
export function otlpCors(req: IncomingMessage, res: ServerResponse, origins: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (!origins.includes(origin) && !origins.includes('*')) return false;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'Origin');
  if (req.method === 'OPTIONS') {
    res.setHeader('access-control-allow-methods', 'POST');
    res.setHeader('access-control-allow-headers', 'content-type, content-encoding, authorization');
    res.setHeader('access-control-max-age', '600');
  }
  return true;
}
