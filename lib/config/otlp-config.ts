/**
 * OTLP exporter settings for one signal from OTEL_EXPORTER_OTLP_* (general)
 * and OTEL_EXPORTER_OTLP_{TRACES,METRICS,LOGS}_* (signal-specific, winning).
 * Everything that would fail on the wire is checked here, once: URLs (http:
 * and https: only), header names and values, certificate files. A problem is
 * reported naming the variable, and the exporter it would build is disabled
 * (it sends nothing and fails each export with the reason) — never a crash,
 * never a silent fall-back to another collector.
 */
import { checkedHeaders, urlProblem } from '../common/endpoint-checks.js';
import { describeError, diag } from '../common/diag.js';
import type { Env } from './env.js';
import { envBoolean, envEnum, envKeyValues, envNumber, envString } from './env.js';

export type OtlpSignalName = 'traces' | 'metrics' | 'logs';
export type OtlpProtocolName = 'http/protobuf' | 'http/json' | 'grpc';

export interface OtlpTlsConfig {
  ca?: Uint8Array;
  key?: Uint8Array;
  cert?: Uint8Array;
}

export interface OtlpExporterConfig {
  /** http/*: the signal URL to POST to; grpc: the endpoint (scheme, host, port). */
  url: string;
  protocol: OtlpProtocolName;
  headers: Record<string, string>;
  compression: 'gzip' | 'none';
  timeoutMillis: number;
  /** PEM material read from the certificate variables (absent when none is set). */
  tls?: OtlpTlsConfig;
  /** Set when the configuration cannot work (already reported): the exporter sends nothing and fails with this. */
  disabledReason?: string;
}

export const DEFAULT_OTLP_HTTP_ENDPOINT = 'http://localhost:4318';
export const DEFAULT_OTLP_GRPC_ENDPOINT = 'http://localhost:4317';
const PROTOCOLS = ['http/protobuf', 'http/json', 'grpc'] as const;

/** The URL and, when it cannot be used, why (naming the variable). */
export interface ResolvedEndpoint {
  url: string;
  problem: string | undefined;
}

/**
 * The spec's endpoint rule for OTLP/HTTP: a signal-specific endpoint is used
 * as is; the general endpoint gets `v1/<signal>` appended to its path (after
 * any path it has, before any query string it has).
 */
export function signalEndpoint(env: Env, signal: OtlpSignalName, protocol: OtlpProtocolName = 'http/protobuf'): ResolvedEndpoint {
  const specificName = `OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_ENDPOINT`;
  const generalName = 'OTEL_EXPORTER_OTLP_ENDPOINT';
  const specific = envString(env, specificName);
  const general = envString(env, generalName);
  const name = specific !== undefined ? specificName : generalName;
  let raw = specific ?? general;
  if (protocol === 'grpc') {
    // gRPC: one endpoint for all signals (the method names the signal); a bare host:port
    // takes its scheme from OTEL_EXPORTER_OTLP[_<SIGNAL>]_INSECURE.
    if (raw === undefined) return { url: DEFAULT_OTLP_GRPC_ENDPOINT, problem: undefined };
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) && /^[^\s/:]+:\d+\/?$/.test(raw)) raw = `${insecure(env, signal) ? 'http' : 'https'}://${raw}`;
    return checked(name, raw);
  }
  if (raw === undefined) return { url: `${DEFAULT_OTLP_HTTP_ENDPOINT}/v1/${signal}`, problem: undefined };
  const r = checked(name, raw);
  if (r.problem !== undefined || specific !== undefined) return r;
  const u = new URL(raw);
  u.pathname = `${u.pathname.endsWith('/') ? u.pathname : `${u.pathname}/`}v1/${signal}`;
  return { url: u.href, problem: undefined };
}

/** The signal's URL (kept for callers that only want the string). */
export function signalUrl(env: Env, signal: OtlpSignalName): string {
  return signalEndpoint(env, signal).url;
}

function checked(name: string, raw: string): ResolvedEndpoint {
  const problem = urlProblem(raw);
  return { url: raw, problem: problem === undefined ? undefined : `invalid ${name}: ${problem}` };
}

function insecure(env: Env, signal: OtlpSignalName): boolean {
  const specific = `OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_INSECURE`;
  return envBoolean(env, envString(env, specific) !== undefined ? specific : 'OTEL_EXPORTER_OTLP_INSECURE', false);
}

/** Reads a PEM file named by `name`; a problem (unreadable file) is returned, not thrown. */
function readPem(env: Env, name: string): { bytes?: Uint8Array; problem?: string } {
  const path = envString(env, name);
  if (path === undefined) return {};
  try {
    return { bytes: process.getBuiltinModule('node:fs').readFileSync(path) };
  } catch (err) {
    return { problem: `${name}="${path}" cannot be read: ${describeError(err)}` };
  }
}

/**
 * The OTLP exporter settings of `signal`. `used` says whether an OTLP exporter
 * of that signal is asked for (OTEL_<SIGNAL>_EXPORTER names otlp): when it is
 * not, no certificate file is read and no problem is reported (the settings
 * stay complete for inspection, `disabledReason` included).
 */
export function otlpExporterConfig(env: Env, signal: OtlpSignalName, used = true): OtlpExporterConfig {
  const upper = signal.toUpperCase();
  const specific = (suffix: string): string => `OTEL_EXPORTER_OTLP_${upper}_${suffix}`;
  const general = (suffix: string): string => `OTEL_EXPORTER_OTLP_${suffix}`;
  const pick = (suffix: string): string => (envString(env, specific(suffix)) !== undefined ? specific(suffix) : general(suffix));

  const protocol: OtlpProtocolName = envEnum(env, pick('PROTOCOL'), PROTOCOLS, 'http/protobuf');
  const endpoint = signalEndpoint(env, signal, protocol);
  const headers = {
    ...checkedHeaders(envKeyValues(env, general('HEADERS')), general('HEADERS')),
    ...checkedHeaders(envKeyValues(env, specific('HEADERS')), specific('HEADERS')),
  };
  const problems: string[] = [];
  if (endpoint.problem !== undefined) problems.push(endpoint.problem);
  const tls: OtlpTlsConfig = {};
  // Certificates only matter to an https endpoint (gRPC's http:// is its insecure form): for any
  // other the files are not read, so a missing one cannot disable an exporter that would not use it.
  const https = endpoint.problem === undefined && endpoint.url.toLowerCase().startsWith('https:');
  for (const [field, suffix] of [
    ['ca', 'CERTIFICATE'],
    ['key', 'CLIENT_KEY'],
    ['cert', 'CLIENT_CERTIFICATE'],
  ] as const) {
    const name = pick(suffix);
    if (!used || (!https && envString(env, name) === undefined)) continue;
    if (!https) {
      diag.info(`${name} not used: ${endpoint.url} is not https`);
      continue;
    }
    const pem = readPem(env, name);
    if (pem.problem !== undefined) problems.push(pem.problem);
    if (pem.bytes !== undefined) tls[field] = pem.bytes;
  }
  if ((tls.key === undefined) !== (tls.cert === undefined) && problems.length === 0) {
    problems.push(`${pick('CLIENT_KEY')} and ${pick('CLIENT_CERTIFICATE')} must be set together`);
  }
  const config: OtlpExporterConfig = {
    url: endpoint.url,
    protocol,
    headers,
    compression: envEnum(env, pick('COMPRESSION'), ['gzip', 'none'] as const, 'none'),
    timeoutMillis: envNumber(env, pick('TIMEOUT'), 10000, { min: 0 }),
  };
  if (tls.ca !== undefined || tls.key !== undefined || tls.cert !== undefined) config.tls = tls;
  if (problems.length > 0) {
    config.disabledReason = `OTLP ${signal} exporter disabled: ${problems.join('; ')}`;
    if (used) diag.warnOnce(`otlp-config:${signal}:${config.disabledReason}`, config.disabledReason);
  }
  return config;
}
