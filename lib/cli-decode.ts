/**
 * `zerotel decode FILE [--signal traces|metrics|logs]`: prints an OTLP/protobuf export request
 * (FILE "-" is stdin) as OTLP/JSON, so a user can audit the exact bytes an exporter sends.
 * Without --signal the signal is told from the items' field structure (otlp/signal-detect.ts);
 * an ambiguous or invalid payload is refused with a message, never printed as another signal.
 * The file is read once and the JSON printed item by item (otlp/request-json-stream.ts), after a
 * validating pass, so nothing partial is printed and memory is the file plus one item.
 */
import { ProtoDecodeError } from './otlp/proto-reader.js';
import type { OtlpSignal } from './otlp/request-json-stream.js';
import { requestJsonPieces, validateRequest } from './otlp/request-json-stream.js';
import { detectSignal } from './otlp/signal-detect.js';

export const DECODE_USAGE = `usage: zerotel decode FILE [--signal traces|metrics|logs]
  Prints an OTLP/protobuf export request as OTLP/JSON. FILE "-" reads stdin.
  Without --signal, the signal is detected from the payload's structure.`;

export interface DecodeIo {
  err(s: string): void;
  readFile(path: string): Uint8Array;
  /** Writes a piece of output; a returned promise means "wait before writing more". */
  write(chunk: string): void | Promise<void>;
}

const SIGNALS: readonly string[] = ['traces', 'metrics', 'logs'];
/** Output is handed to the writer in pieces of about this many characters. */
const CHUNK = 64 * 1024;

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Runs `decode` with the arguments after the command; returns the exit code (0 ok, 1 bad input, 2 usage). */
export async function runDecode(args: readonly string[], io: DecodeIo): Promise<number> {
  let file: string | undefined;
  let signal: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--signal') signal = args[++i] ?? '';
    else if (a.startsWith('--signal=')) signal = a.slice('--signal='.length);
    else if (file === undefined) file = a;
    else {
      io.err(`zerotel decode: unexpected argument "${a}"\n${DECODE_USAGE}`);
      return 2;
    }
  }
  if (file === undefined) {
    io.err(`zerotel decode: missing FILE\n${DECODE_USAGE}`);
    return 2;
  }
  if (signal !== undefined && !SIGNALS.includes(signal)) {
    io.err(`zerotel decode: unknown signal "${signal}" (expected traces, metrics or logs)`);
    return 2;
  }
  let bytes: Uint8Array;
  try {
    bytes = io.readFile(file);
  } catch (err) {
    io.err(`zerotel decode: cannot read ${file}: ${message(err)}`);
    return 1;
  }
  let chosen: OtlpSignal;
  if (signal === undefined) {
    const found = detectSignal(bytes);
    if (!found.ok) {
      io.err(
        found.reason === 'ambiguous'
          ? `zerotel decode: ${file}: cannot tell the signal (${found.message}); pass --signal traces|metrics|logs`
          : `zerotel decode: ${file}: not a valid OTLP protobuf payload: ${found.message}`,
      );
      return 1;
    }
    chosen = found.signal;
  } else {
    chosen = signal as OtlpSignal;
    // Readers skip unknown fields, so another signal's payload may read "fine" as nonsense: refuse it.
    const found = detectSignal(bytes);
    if (found.ok && found.signal !== chosen) {
      io.err(`zerotel decode: ${file}: not an OTLP ${chosen} payload (its structure is that of ${found.signal}); pass --signal ${found.signal}`);
      return 1;
    }
    if (!found.ok || found.signal !== chosen) {
      try {
        validateRequest(bytes, chosen);
      } catch (err) {
        io.err(`zerotel decode: ${file}: not a valid OTLP protobuf payload: ${message(err)}`);
        return 1;
      }
    }
  }
  try {
    let pending = '';
    for (const piece of requestJsonPieces(bytes, chosen)) {
      pending += piece;
      if (pending.length >= CHUNK) {
        const wait = io.write(pending);
        pending = '';
        if (wait !== undefined) await wait;
      }
    }
    if (pending.length > 0) await io.write(pending);
    return 0;
  } catch (err) {
    // Validated above, so only a failing writer lands here.
    const what = err instanceof ProtoDecodeError ? 'not a valid OTLP protobuf payload' : 'decoding failed';
    io.err(`zerotel decode: ${file}: ${what}: ${message(err)}`);
    return 1;
  }
}
