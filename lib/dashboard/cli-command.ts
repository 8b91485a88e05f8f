/**
 * `zerotel dashboard [--port 4318] [--grpc-port 4317] [--host 127.0.0.1] [--token T] [--data FILE] [--max-mb N]`:
 * the standalone viewer any OpenTelemetry SDK with default settings sends
 * to (4318 is the OTLP/HTTP default). Runs until SIGINT/SIGTERM, then closes
 * (flushing the data file) and exits.
 */
import { DASHBOARD_GRPC_ERROR, startDashboardServer } from './server.js';

export const DASHBOARD_USAGE = `usage: zerotel dashboard [--port 4318] [--grpc-port 4317] [--host 127.0.0.1] [--token T] [--data FILE] [--max-mb N]
  Serves the live dashboard and an OTLP/HTTP receiver (POST /v1/traces, /v1/metrics, /v1/logs) on one port,
  and an OTLP/gRPC receiver on --grpc-port (0: none).
  A host other than loopback needs a token (generated and printed when not given).`;

interface Parsed {
  port: number;
  /** OTLP/gRPC receiver port; 0 = off. */
  grpcPort: number;
  host: string;
  token: string | undefined;
  data: string | undefined;
  maxBytes: number | undefined;
}

export function parseDashboardArgs(args: readonly string[]): Parsed | string {
  const out: Parsed = { port: 4318, grpcPort: 4317, host: '127.0.0.1', token: undefined, data: undefined, maxBytes: undefined };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.indexOf('=');
    const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const value = (): string | undefined => (a.startsWith('--') && eq > 0 ? a.slice(eq + 1) : args[++i]);
    switch (name) {
      case '--port': {
        const v = Number(value());
        if (!Number.isInteger(v) || v < 0 || v > 65535) return 'zerotel dashboard: --port needs a port number (0-65535)';
        out.port = v;
        break;
      }
      case '--grpc-port': {
        const v = Number(value());
        if (!Number.isInteger(v) || v < 0 || v > 65535) return 'zerotel dashboard: --grpc-port needs a port number (0-65535; 0 turns gRPC off)';
        out.grpcPort = v;
        break;
      }
      case '--host': {
        const v = value();
        if (!v) return 'zerotel dashboard: --host needs a host name or address';
        out.host = v;
        break;
      }
      case '--token': {
        const v = value();
        if (!v) return 'zerotel dashboard: --token needs a value';
        out.token = v;
        break;
      }
      case '--data': {
        const v = value();
        if (!v) return 'zerotel dashboard: --data needs a file';
        out.data = v;
        break;
      }
      case '--max-mb': {
        const v = Number(value());
        if (!Number.isFinite(v) || v < 1 || v > 256) return 'zerotel dashboard: --max-mb needs a number from 1 to 256';
        out.maxBytes = Math.floor(v * 1024 * 1024);
        break;
      }
      case '--help':
      case '-h':
        return DASHBOARD_USAGE;
      default:
        return `zerotel dashboard: unexpected argument "${a}"\n${DASHBOARD_USAGE}`;
    }
  }
  return out;
}

export async function runDashboardCli(args: readonly string[], io: { out(s: string): void; err(s: string): void }): Promise<number> {
  const parsed = parseDashboardArgs(args);
  if (typeof parsed === 'string') {
    io.err(parsed);
    return parsed === DASHBOARD_USAGE ? 0 : 2;
  }
  const options = {
    port: parsed.port,
    host: parsed.host,
    ...(parsed.token !== undefined ? { token: parsed.token } : {}),
    ...(parsed.data !== undefined ? { data: parsed.data } : {}),
    ...(parsed.maxBytes !== undefined ? { limits: { maxBytes: parsed.maxBytes } } : {}),
    inProcess: false,
    keepProcessAlive: true,
    print: io.err,
  };
  let handle;
  try {
    try {
      handle = await startDashboardServer(parsed.grpcPort === 0 ? options : { ...options, grpcPort: parsed.grpcPort });
    } catch (err) {
      if ((err as { code?: unknown } | null)?.code !== DASHBOARD_GRPC_ERROR) throw err;
      // The HTTP side is useful on its own (a collector may hold 4317): say so, run without gRPC.
      io.err(`zerotel dashboard: ${(err as Error).message} (use --grpc-port to pick another, 0 for none)`);
      handle = await startDashboardServer(options);
    }
  } catch (err) {
    io.err(`zerotel dashboard: cannot listen on ${parsed.host}:${parsed.port}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  if (handle.replayed !== undefined) io.err(`zerotel dashboard: replayed ${handle.replayed.replayed} batch(es) from ${parsed.data}${handle.replayed.corrupt > 0 ? `, ${handle.replayed.corrupt} corrupt line(s) skipped` : ''}`);
  io.out(`zerotel dashboard listening on ${handle.url} (OTLP/HTTP: ${handle.url}v1/traces, /v1/metrics, /v1/logs)`);
  if (handle.grpcPort !== undefined) io.out(`zerotel dashboard OTLP/gRPC receiver on ${parsed.host}:${handle.grpcPort}`);
  const h = handle;
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await h.close();
  return 0;
}
