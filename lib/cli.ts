#!/usr/bin/env node
/**
 * The zerotel command line.
 *   zerotel decode FILE [--signal traces|metrics|logs]   (cli-decode.ts)
 *   zerotel dashboard [--port 4318] [--grpc-port 4317] [--host 127.0.0.1] [--token T] [--data FILE]   (dashboard/cli-command.ts)
 *   zerotel bench [--json] [--quick] [--pipeline] [--time MS] [--filter REGEX]   (bench/command.ts)
 *   zerotel --version
 * Each command's module is loaded only when that command runs.
 */
import { readFileSync } from 'node:fs';
import { DECODE_USAGE, runDecode } from './cli-decode.js';
import type { DecodeIo } from './cli-decode.js';
import { VERSION } from './common/version.js';

const USAGE = `${DECODE_USAGE}
  zerotel dashboard [--port 4318] [--grpc-port 4317] [--host 127.0.0.1] [--token T] [--data FILE]
  zerotel bench [--json] [--quick] [--pipeline] [--time MS] [--filter REGEX]
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
  if (args[0] === 'dashboard') {
    // A long-running command: loaded only when asked for, so `decode` stays small.
    try {
      const m = await import('./dashboard/cli-command.js');
      return await m.runDashboardCli(args.slice(1), io);
    } catch (err) {
      io.err(`zerotel dashboard: ${err instanceof Error ? err.message : String(err)}`);
      return 1;
    }
  }
  if (args[0] === 'bench') {
    // Spawns a process per target: loaded only when asked for.
    try {
      const m = await import('./bench/command.js');
      return await m.runBench(args.slice(1), io);
    } catch (err) {
      io.err(`zerotel bench: ${err instanceof Error ? err.message : String(err)}`);
      return 1;
    }
  }
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
