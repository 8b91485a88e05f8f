/**
 * The opt-in console bridge: `captureConsole()` makes console.log / info /
 * warn / error / debug / dir also emit log records, while what the console
 * prints stays byte for byte the same — the original method runs first, with
 * the same arguments, and the record's body is `util.format(...args)` (for
 * dir, `util.inspect(value, { customInspect: false, ...options })`), which is
 * what Console itself formats when colours are off.
 *
 * Recursion is impossible by construction: a console call made while a
 * record is being processed (an exporter or processor printing), while
 * zerotel writes a diagnostic, or from inside the bridge itself, is printed
 * and not recorded.
 */
import { describeError, diag, isDiagWriting } from '../common/diag.js';
import { VERSION } from '../common/version.js';
import { getLoggerProvider } from './api.js';
import type { Logger } from './logger.js';
import { isEmitting } from './logger.js';
import { SeverityNumber } from './severity.js';
import { hasMethods, readOptions } from '../common/options.js';

// node:util is loaded with Node itself, but `import … from 'node:util'` builds
// its ESM facade, which reads every export and so loads parseArgs, MIMEType
// and more: taking `format` from the CommonJS object loads nothing.
const { format, inspect } = process.getBuiltinModule('node:util');

type ConsoleMethod = 'log' | 'info' | 'warn' | 'error' | 'debug' | 'dir';
type Body = (args: unknown[]) => string;

const formatted: Body = (args) => format(...args);
/** What Console.dir prints: inspect with custom inspectors off, then the caller's options. */
const inspected: Body = (args) => inspect(args[0], { customInspect: false, ...(args[1] !== null && typeof args[1] === 'object' ? args[1] : {}) });

const METHODS: ReadonlyArray<readonly [ConsoleMethod, number, string, Body]> = [
  ['log', SeverityNumber.INFO, 'INFO', formatted],
  ['info', SeverityNumber.INFO, 'INFO', formatted],
  ['warn', SeverityNumber.WARN, 'WARN', formatted],
  ['error', SeverityNumber.ERROR, 'ERROR', formatted],
  ['debug', SeverityNumber.DEBUG, 'DEBUG', formatted],
  ['dir', SeverityNumber.INFO, 'INFO', inspected],
];

export interface CaptureConsoleOptions {
  /** The logger that records console output (default: the global provider's "console" logger, resolved per call). */
  logger?: Logger;
}

interface Installed {
  readonly method: ConsoleMethod;
  readonly original: (...args: unknown[]) => void;
  readonly wrapper: (...args: unknown[]) => void;
}

/** One capture session; `active` turns its wrappers into pass-throughs once released. */
interface Session {
  active: boolean;
  readonly logger: Logger | undefined;
  readonly installed: Installed[];
}

let session: Session | undefined;
let inBridge = false;

/**
 * Starts recording console output as log records. Returns false (and changes
 * nothing) when the console is already captured.
 */
export function captureConsole(options: CaptureConsoleOptions = {}): boolean {
  if (session !== undefined) return false;
  // The options are the caller's: read once; a logger that cannot emit is reported and the default used
  // (else every console line would report a failure).
  let logger = readOptions<CaptureConsoleOptions>('captureConsole', options, ['logger']).logger;
  if (logger !== undefined && !hasMethods(logger, 'enabled', 'emit')) {
    diag.warn('captureConsole: logger has no enabled()/emit(); the default is used');
    logger = undefined;
  }
  const s: Session = { active: true, logger, installed: [] };
  const target = console as unknown as Record<ConsoleMethod, (...args: unknown[]) => void>;
  for (const [method, severity, text, body] of METHODS) {
    const original = target[method];
    if (typeof original !== 'function') continue;
    const wrapper = function (this: unknown, ...args: unknown[]): void {
      Reflect.apply(original, this, args);
      if (s.active && !inBridge && !isEmitting() && !isDiagWriting()) record(s, severity, text, body, args);
    };
    s.installed.push({ method, original, wrapper });
    target[method] = wrapper;
  }
  session = s;
  return true;
}

/**
 * Stops recording and puts the original console methods back. A method that
 * someone else wrapped after us is left in place, but our layer inside it
 * becomes a pass-through.
 */
export function releaseConsole(): void {
  const s = session;
  if (s === undefined) return;
  s.active = false;
  session = undefined;
  const target = console as unknown as Record<ConsoleMethod, (...args: unknown[]) => void>;
  for (const { method, original, wrapper } of s.installed) {
    if (target[method] === wrapper) target[method] = original;
  }
}

/** True while console output is being recorded. */
export function isConsoleCaptured(): boolean {
  return session !== undefined;
}

let cachedProvider: unknown;
let cachedLogger: Logger | undefined;

function consoleLogger(): Logger {
  const p = getLoggerProvider();
  if (p !== cachedProvider || cachedLogger === undefined) {
    cachedProvider = p;
    cachedLogger = p.getLogger('console', VERSION);
  }
  return cachedLogger;
}

function record(s: Session, severity: number, text: string, body: Body, args: unknown[]): void {
  inBridge = true;
  try {
    const logger = s.logger ?? consoleLogger();
    if (!logger.enabled(severity)) return;
    let exception: unknown;
    for (let i = 0; i < args.length; i++) {
      if (args[i] instanceof Error) {
        exception = args[i];
        break;
      }
    }
    logger.emit({ severityNumber: severity, severityText: text, body: body(args), exception });
  } catch (err) {
    // Recording must never break printing. diag output is not recorded (isDiagWriting), so this cannot loop.
    diag.error(`console capture failed: ${describeError(err)}`);
  } finally {
    inBridge = false;
  }
}
