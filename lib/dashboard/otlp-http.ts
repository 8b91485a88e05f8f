/**
 * OTLP/HTTP on the dashboard's port: `POST /v1/traces|metrics|logs` with
 * `application/x-protobuf` or `application/json`, optionally gzip. The reply
 * is in the request's content type: the Export*ServiceResponse (with a
 * partial_success when items were rejected) on success, a google.rpc.Status
 * with a clear message on failure (400 malformed, 413 too large, 415 content
 * type or encoding).
 */
import { Buffer } from 'node:buffer';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ProtoWriter } from '../otlp/proto-writer.js';
import { encodeExportResponseJson, encodeExportResponseProto } from '../otlp/response-writer.js';
import type { BodyLimits } from './http-body.js';
import { readBody } from './http-body.js';
import type { OtlpEncoding, OtlpSignal } from './receiver.js';
import { ingestOtlp } from './receiver.js';
import type { DashboardStore } from './store.js';

const SIGNALS: Record<string, OtlpSignal | undefined> = { '/v1/traces': 'traces', '/v1/metrics': 'metrics', '/v1/logs': 'logs' };

export function otlpSignalOf(pathname: string): OtlpSignal | undefined {
  return Object.hasOwn(SIGNALS, pathname) ? SIGNALS[pathname] : undefined;
}

function encodingOf(contentType: string | undefined): OtlpEncoding | undefined {
  const type = String(contentType ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  if (type === 'application/x-protobuf' || type === 'application/protobuf') return 'protobuf';
  if (type === 'application/json') return 'json';
  return undefined;
}

/** google.rpc.Status { 1 code int32, 2 message string } in the request's encoding. */
function sendStatus(res: ServerResponse, http: number, encoding: OtlpEncoding | undefined, message: string): void {
  const code = http === 413 ? 8 : 3; // RESOURCE_EXHAUSTED, INVALID_ARGUMENT
  if (encoding === 'protobuf') {
    const w = new ProtoWriter(64 + message.length * 3);
    w.tag(1, 0);
    w.uint32(code);
    w.stringField(2, message);
    send(res, http, 'application/x-protobuf', w.finish());
  } else send(res, http, 'application/json', JSON.stringify({ code, message }));
}

function send(res: ServerResponse, status: number, type: string, body: Uint8Array | string): void {
  if (res.headersSent || res.destroyed) return;
  res.statusCode = status;
  res.setHeader('content-type', type);
  res.setHeader('content-length', typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
  res.end(body);
}

export async function handleOtlpHttp(req: IncomingMessage, res: ServerResponse, signal: OtlpSignal, store: DashboardStore, limits: BodyLimits): Promise<void> {
  const encoding = encodingOf(req.headers['content-type']);
  if (req.method !== 'POST') {
    res.setHeader('allow', 'POST');
    sendStatus(res, 405, encoding, `${req.method ?? ''} is not allowed on /v1/${signal}: use POST`);
    return;
  }
  if (encoding === undefined) {
    store.dropped.requests++;
    drain(req, res);
    sendStatus(res, 415, undefined, `unsupported content-type "${req.headers['content-type'] ?? ''}": use application/x-protobuf or application/json`);
    return;
  }
  const body = await readBody(req, limits);
  if (!body.ok) {
    store.dropped.requests++;
    drain(req, res);
    sendStatus(res, body.status, encoding, body.message);
    return;
  }
  const result = ingestOtlp(store, signal, body.body, encoding, {
    contentType: String(req.headers['content-type']),
    contentEncoding: String(req.headers['content-encoding'] ?? ''),
  });
  if (!result.ok) {
    sendStatus(res, result.status === 'too-large' ? 413 : 400, encoding, result.message);
    return;
  }
  if (encoding === 'protobuf') send(res, 200, 'application/x-protobuf', encodeExportResponseProto(result.rejected, result.message));
  else send(res, 200, 'application/json', encodeExportResponseJson(signal, result.rejected, result.message));
}

/**
 * After an early answer, the rest of the body is read and thrown away up to
 * a bound (so the sender sees the answer rather than a reset), then the
 * connection is closed.
 */
function drain(req: IncomingMessage, res: ServerResponse): void {
  if (req.complete) return;
  if (!res.headersSent) res.setHeader('connection', 'close');
  let left = 64 * 1024 * 1024;
  req.on('data', (c: Buffer) => {
    left -= c.length;
    if (left < 0) req.destroy();
  });
  req.resume();
}
