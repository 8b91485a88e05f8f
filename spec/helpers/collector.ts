/**
 * A local OTLP/HTTP collector for tests: node:http on 127.0.0.1, port 0.
 * Each request is decoded (protobuf or JSON, gzip or not) and recorded; the
 * test decides each answer through `respond`.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { decodeTracesRequest } from '../../lib/otlp/trace-reader.js';
import type { OtlpTracesRequest } from '../../lib/otlp/types.js';

export interface ReceivedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
  traces: OtlpTracesRequest | undefined;
}

export interface Collector {
  readonly server: Server;
  readonly url: string;
  readonly port: number;
  readonly requests: ReceivedRequest[];
  /** Answer for each request (default 200, empty body). Return false to never answer. */
  respond: (req: ReceivedRequest, res: ServerResponse, index: number) => void | false;
  /** Names of every span received (in the requests at `indexes`, default all), in order. */
  spanNames(indexes?: readonly number[]): string[];
  close(): Promise<void>;
}

export async function startCollector(port = 0): Promise<Collector> {
  const requests: ReceivedRequest[] = [];
  const collector: Collector = {
    server: undefined as unknown as Server,
    url: '',
    port: 0,
    requests,
    respond: (_req, res) => {
      res.end();
    },
    spanNames(indexes) {
      const names: string[] = [];
      const chosen = indexes === undefined ? requests : indexes.map((i) => requests[i]!);
      for (const r of chosen) for (const rs of r.traces?.resourceSpans ?? []) for (const ss of rs.scopeSpans) for (const s of ss.spans) names.push(s.name);
      return names;
    },
    close() {
      return new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      let traces: OtlpTracesRequest | undefined;
      if (req.url === '/v1/traces') {
        try {
          traces = req.headers['content-type'] === 'application/json' ? (JSON.parse(body.toString('utf8')) as OtlpTracesRequest) : decodeTracesRequest(body);
        } catch {
          // Not a traces request (transport tests send arbitrary bytes): recorded undecoded.
        }
      }
      const rec: ReceivedRequest = { path: req.url ?? '', headers: req.headers, body, traces };
      requests.push(rec);
      collector.respond(rec, res, requests.length - 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const p = (server.address() as AddressInfo).port;
  Object.assign(collector, { server, port: p, url: `http://127.0.0.1:${p}/v1/traces` });
  return collector;
}

/** A port that was free a moment ago (for "connection refused, then up"). */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
