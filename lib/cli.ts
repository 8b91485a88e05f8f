#!/usr/bin/env node
/**
 * The zerotel command line.
 *   zerotel decode FILE [--signal traces|metrics|logs]   (cli-decode.ts)
 *   zerotel --version
 */
import { readFileSync } from 'node:fs';
import { DECODE_USAGE, runDecode } from './cli-decode.js';
import type { DecodeIo } from './cli-decode.js';
import { VERSION } from './common/version.js';

const USAGE = `${DECODE_USAGE}
  zerotel --version`;

interface Io extends DecodeIo {
  out(s: string): void;
}

/** Runs the CLI; resolves to the exit code (0 ok, 1 bad input, 2 usage). */
export async function runCli(args: readonly string[], io: Io): Promise<number> {
  if (args[0] === '--version' || args[0] === '-v') {
    io.out(VERSION);
    return 0;
  }
  if (args[0] === 'decode') return runDecode(args.slice(1), io);
  io.err(USAGE);
  return args[0] === '--help' || args[0] === '-h' ? 0 : 2;
}

process.exitCode = await runCli(process.argv.slice(2), {
  out: (s) => process.stdout.write(`${s}\n`),
  err: (s) => process.stderr.write(`${s}\n`),
  readFile: (path) => readFileSync(path === '-' ? 0 : path),
  // Wait for 'drain' when the stream buffers, so a slow reader of a big output does not grow memory.
  write: (chunk) => (process.stdout.write(chunk) ? undefined : new Promise<void>((resolve) => process.stdout.once('drain', resolve))),
});
