/**
 * OTLP exporter settings for one signal from OTEL_EXPORTER_OTLP_* (general)
 * and OTEL_EXPORTER_OTLP_{TRACES,METRICS,LOGS}_* (signal-specific, winning).
 */
import { diag } from '../common/diag.js';
import type { OtlpHttpProtocol } from '../exporters/otlp-http-exporter.js';
import type { Env } from './env.js';
import { envEnum, envKeyValues, envNumber, envString } from './env.js';

export type OtlpSignalName = 'traces' | 'metrics' | 'logs';

export interface OtlpExporterConfig {
  /** The signal URL to POST to. */
  url: string;
  protocol: OtlpHttpProtocol;
  headers: Record<string, string>;
  compression: 'gzip' | 'none';
  timeoutMillis: number;
}

export const DEFAULT_OTLP_HTTP_ENDPOINT = 'http://localhost:4318';
const PROTOCOLS = ['http/protobuf', 'http/json', 'grpc'] as const;

/**
 * The spec's endpoint rule: a signal-specific endpoint is used as is; the
 * general endpoint gets `/v1/<signal>` appended (after any path it has).
 */
export function signalUrl(env: Env, signal: OtlpSignalName): string {
  const upper = signal.toUpperCase();
  const specific = envString(env, `OTEL_EXPORTER_OTLP_${upper}_ENDPOINT`);
  if (specific !== undefined) {
    if (validUrl(specific)) return specific;
    diag.warnOnce(`env:endpoint:${specific}`, `invalid OTEL_EXPORTER_OTLP_${upper}_ENDPOINT="${specific}"; trying OTEL_EXPORTER_OTLP_ENDPOINT or the default`);
  }
  let base = envString(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  if (base !== undefined && !validUrl(base)) {
    diag.warnOnce(`env:endpoint:${base}`, `invalid OTEL_EXPORTER_OTLP_ENDPOINT="${base}"; using the default ${DEFAULT_OTLP_HTTP_ENDPOINT}`);
    base = undefined;
  }
  base ??= DEFAULT_OTLP_HTTP_ENDPOINT;
  return `${base.endsWith('/') ? base.slice(0, -1) : base}/v1/${signal}`;
}

function validUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

export function otlpExporterConfig(env: Env, signal: OtlpSignalName): OtlpExporterConfig {
  const upper = signal.toUpperCase();
  const specific = (suffix: string): string => `OTEL_EXPORTER_OTLP_${upper}_${suffix}`;
  const general = (suffix: string): string => `OTEL_EXPORTER_OTLP_${suffix}`;
  const pick = (suffix: string): string => (envString(env, specific(suffix)) !== undefined ? specific(suffix) : general(suffix));

  let protocol: OtlpHttpProtocol | 'grpc' = envEnum(env, pick('PROTOCOL'), PROTOCOLS, 'http/protobuf');
  if (protocol === 'grpc') {
    diag.warnOnce(
      `otlp-grpc-${signal}`,
      `${pick('PROTOCOL')}=grpc is not supported yet; exporting ${signal} with http/protobuf instead (check the endpoint: OTLP/HTTP listens on 4318)`,
    );
    protocol = 'http/protobuf';
  }
  const headers = { ...envKeyValues(env, general('HEADERS')), ...envKeyValues(env, specific('HEADERS')) };
  return {
    url: signalUrl(env, signal),
    protocol,
    headers,
    compression: envEnum(env, pick('COMPRESSION'), ['gzip', 'none'] as const, 'none'),
    timeoutMillis: envNumber(env, pick('TIMEOUT'), 10000, { min: 0 }),
  };
}
