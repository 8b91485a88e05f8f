/**
 * `protoc` as the reference protobuf implementation: `--decode` shows what a payload holds by the
 * official .proto files (unknown fields appear as bare field numbers), `--encode` gives the
 * canonical bytes of that content. The .proto files are looked up relative to the repository:
 * `../shared/opentelemetry-proto` (CI: a fresh clone with shared/ beside it), or one level further
 * up for a git worktree in a sibling folder; OTLP_PROTO_DIR overrides both.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { REPO_ROOT } from './paths.js';

function findProtoDir(): string | undefined {
  const candidates = [process.env['OTLP_PROTO_DIR'], join(REPO_ROOT, '..', 'shared', 'opentelemetry-proto'), join(REPO_ROOT, '..', '..', 'shared', 'opentelemetry-proto')];
  for (const c of candidates) if (c !== undefined && existsSync(join(c, 'opentelemetry', 'proto', 'collector'))) return resolve(c);
  return undefined;
}

export const PROTO_DIR = findProtoDir();
export const PROTOC_AVAILABLE = spawnSync('protoc', ['--version'], { encoding: 'utf8' }).status === 0;

export const SIGNALS = {
  traces: { type: 'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest', file: 'opentelemetry/proto/collector/trace/v1/trace_service.proto' },
  metrics: { type: 'opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest', file: 'opentelemetry/proto/collector/metrics/v1/metrics_service.proto' },
  logs: { type: 'opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest', file: 'opentelemetry/proto/collector/logs/v1/logs_service.proto' },
} as const;
export type ProtocSignal = keyof typeof SIGNALS;

function run(mode: 'decode' | 'encode', signal: ProtocSignal, input: Uint8Array): Buffer {
  if (PROTO_DIR === undefined) throw new Error('opentelemetry-proto not found: expected ../shared/opentelemetry-proto beside the repository (or set OTLP_PROTO_DIR)');
  const { type, file } = SIGNALS[signal];
  const r = spawnSync('protoc', [`--${mode}=${type}`, '-I', PROTO_DIR, file], { input, maxBuffer: 256 * 1024 * 1024, timeout: 30_000 });
  if (r.status !== 0) throw new Error(`protoc --${mode} failed (${r.status ?? r.signal}): ${r.stderr.toString()}`);
  return r.stdout;
}

/** The text format of `bytes` as protoc reads them. */
export function protocDecode(signal: ProtocSignal, bytes: Uint8Array): string {
  return run('decode', signal, bytes).toString('utf8');
}

/** protoc's (canonical) encoding of a text-format message. */
export function protocEncode(signal: ProtocSignal, text: string): Buffer {
  return run('encode', signal, Buffer.from(text, 'utf8'));
}

/** Lines of protoc's text output that name a field by number: fields the schema does not know. */
export function unknownFieldLines(text: string): string[] {
  return text.split('\n').filter((l) => /^\s*\d+\s*(:|\{)/.test(l));
}
