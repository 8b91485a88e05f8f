#!/usr/bin/env node
/**
 * The zerotel command line.
 *   zerotel decode FILE [--signal traces|metrics|logs]
 * prints an OTLP/protobuf payload (an Export*ServiceRequest; FILE "-" is
 * stdin) as OTLP/JSON, so a user can audit the exact bytes an exporter sends.
 */
import { readFileSync } from 'node:fs';
import { decodeLogsRequest } from './otlp/logs-reader.js';
import { decodeMetricsRequest } from './otlp/metrics-reader.js';
import { ProtoDecodeError } from './otlp/proto-reader.js';
import { decodeTracesRequest } from './otlp/trace-reader.js';
import { VERSION } from './common/version.js';

type Decoder = (bytes: Uint8Array) => unknown;

/** One line per signal: the decoder that turns its request bytes into OTLP/JSON shapes. */
const DECODERS: Record<string, Decoder | undefined> = {
  traces: decodeTracesRequest,
  logs: decodeLogsRequest,
  metrics: decodeMetricsRequest,
};

const USAGE = `usage: zerotel decode FILE [--signal traces|metrics|logs]
  Prints an OTLP/protobuf export request as OTLP/JSON. FILE "-" reads stdin.
  zerotel --version`;

interface Io {
  out(s: string): void;
  err(s: string): void;
  readFile(path: string): Uint8Array;
}

/** Runs the CLI; returns the exit code (0 ok, 1 bad input, 2 usage). */
export function runCli(args: readonly string[], io: Io): number {
  if (args[0] === '--version' || args[0] === '-v') {
    io.out(VERSION);
    return 0;
  }
  if (args[0] === 'bench') {
    // Asynchronous (child processes): the exit code is set when it finishes.
    import('./bench/command.js')
      .then((m) => m.runBench(args.slice(1), io))
      .then(
        (code) => void (process.exitCode = code),
        (err: unknown) => {
          io.err(`zerotel bench: ${err instanceof Error ? err.message : String(err)}`);
          process.exitCode = 1;
        },
      );
    return 0;
  }
  if (args[0] !== 'decode') {
    io.err(USAGE);
    return args.length === 0 || args[0] === '--help' || args[0] === '-h' ? (args.length === 0 ? 2 : 0) : 2;
  }
  let file: string | undefined;
  let signal = 'traces';
  for (let i = 1; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--signal') signal = args[++i] ?? '';
    else if (a.startsWith('--signal=')) signal = a.slice('--signal='.length);
    else if (file === undefined) file = a;
    else {
      io.err(`zerotel decode: unexpected argument "${a}"\n${USAGE}`);
      return 2;
    }
  }
  if (file === undefined) {
    io.err(`zerotel decode: missing FILE\n${USAGE}`);
    return 2;
  }
  if (!Object.hasOwn(DECODERS, signal)) {
    io.err(`zerotel decode: unknown signal "${signal}" (expected traces, metrics or logs)`);
    return 2;
  }
  const decode = DECODERS[signal];
  if (decode === undefined) {
    io.err(`zerotel decode: decoding ${signal} is not available in this version`);
    return 1;
  }
  let bytes: Uint8Array;
  try {
    bytes = io.readFile(file);
  } catch (err) {
    io.err(`zerotel decode: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  try {
    io.out(JSON.stringify(decode(bytes), null, 2));
    return 0;
  } catch (err) {
    const what = err instanceof ProtoDecodeError ? 'not a valid OTLP protobuf payload' : 'decoding failed';
    io.err(`zerotel decode: ${file}: ${what}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

process.exitCode = runCli(process.argv.slice(2), {
  out: (s) => process.stdout.write(`${s}\n`),
  err: (s) => process.stderr.write(`${s}\n`),
  readFile: (path) => readFileSync(path === '-' ? 0 : path),
});
