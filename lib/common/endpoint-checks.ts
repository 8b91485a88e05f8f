/**
 * Checks on what an exporter will put on the wire, made once at configuration
 * (from OTEL_* variables or constructor options) instead of at the first
 * export, where node:http would throw ERR_INVALID_CHAR / ERR_INVALID_HTTP_TOKEN
 * out of a promise nobody awaits. Each problem is reported naming where the
 * value came from (a variable or an option); nothing here throws.
 */
import { describeError, diag } from './diag.js';

/** RFC 9110 token: the characters a header name may hold. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** RFC 9110 field-value: no CR, LF or NUL (nor other controls but HTAB). */
const BAD_VALUE = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/** Why `url` cannot be an OTLP endpoint, or undefined when it can (http: or https: only). */
export function urlProblem(url: unknown): string | undefined {
  if (typeof url !== 'string') return `expected a URL string, got ${typeof url}`;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `"${url}" is not a URL`;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return `"${url}" has the scheme ${u.protocol}; only http: and https: are supported`;
  return undefined;
}

/** Why `name: value` cannot be sent as a header, or undefined when it can. */
export function headerProblem(name: string, value: string): string | undefined {
  if (!TOKEN.test(name)) return `header name ${JSON.stringify(name)} is not a token`;
  if (BAD_VALUE.test(value)) return `the value of header "${name}" holds a control character (CR, LF, NUL…)`;
  return undefined;
}

/**
 * The headers of `input` that can be sent, as a fresh plain object; each one
 * that cannot is reported (once) naming `where` and left out. Accepts anything:
 * non-objects, Proxies and throwing getters are reported, never thrown.
 */
export function checkedHeaders(input: unknown, where: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  if (input === undefined || input === null) return out;
  if (typeof input !== 'object') {
    diag.warnOnce(`headers:${where}:type`, `${where}: expected an object of headers, got ${typeof input}; no headers sent`);
    return out;
  }
  let keys: string[];
  try {
    keys = Object.keys(input);
  } catch (err) {
    diag.warnOnce(`headers:${where}:keys`, `${where}: headers could not be read (${describeError(err)}); no headers sent`);
    return out;
  }
  for (const name of keys) {
    let value: unknown;
    try {
      value = (input as Record<string, unknown>)[name];
    } catch (err) {
      diag.warnOnce(`headers:${where}:${name}`, `${where}: header "${name}" could not be read (${describeError(err)}); skipped`);
      continue;
    }
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      diag.warnOnce(`headers:${where}:${name}`, `${where}: header "${name}" is not a string; skipped`);
      continue;
    }
    const text = String(value);
    const problem = headerProblem(name, text);
    if (problem !== undefined) {
      diag.warnOnce(`headers:${where}:${name}:${text}`, `${where}: ${problem}; skipped`);
      continue;
    }
    out[name] = text;
  }
  return out;
}

/** Reports a bad endpoint once per value: the configuration and the exporter it builds share the key, so one bad variable is one line. */
export function reportBadEndpoint(url: unknown, message: string): void {
  let key: string;
  try {
    key = `endpoint:${String(url)}`;
  } catch {
    key = 'endpoint:?';
  }
  diag.warnOnce(key, message);
}
