/**
 * One process-wide provider slot, the single mechanism behind
 * `setTracerProvider`, `setMeterProvider` and `setLoggerProvider`.
 *
 * - A provider is created with defaults on first use when none was set.
 * - Setting something that is not a provider of the right kind is reported
 *   and ignored: the current provider stays and nothing later throws.
 * - Every accepted change bumps `generation`. Proxies (tracers, meters,
 *   instruments and loggers handed out by the global functions) keep their
 *   delegate together with the generation they resolved it in and compare
 *   one number per call, so a library that created its counter at import
 *   time records into whatever provider the application sets later.
 * - Listeners hear about changes that cannot wait for the next call
 *   (observable instruments must move their callbacks to the new provider).
 */
import { diag } from './diag.js';

export class GlobalSlot<P extends object> {
  /** Bumped on every accepted change; read by proxies on their hot paths. */
  generation = 0;
  #value: P | undefined = undefined;
  readonly #setter: string;
  readonly #make: () => P;
  readonly #accepts: (value: object) => boolean;
  readonly #listeners: (() => void)[] = [];

  /**
   * `setter` names the public function in diagnostics; `make` builds the
   * default provider; `accepts` says whether an object is a provider here.
   */
  constructor(setter: string, make: () => P, accepts: (value: object) => boolean) {
    this.#setter = setter;
    this.#make = make;
    this.#accepts = accepts;
  }

  /** The current provider (the default one, made now, when none was set). */
  get(): P {
    return (this.#value ??= this.#make());
  }

  /** The provider if one exists already, without creating the default. */
  peek(): P | undefined {
    return this.#value;
  }

  /**
   * Installs `next` and returns the previous provider (undefined when there
   * was none). `undefined` goes back to a default provider made on next use.
   * Anything else that is not accepted is reported and ignored (returns
   * undefined, changes nothing).
   */
  set(next: unknown): P | undefined {
    if (next !== undefined && (next === null || typeof next !== 'object' || !this.#safeAccepts(next))) {
      diag.warn(`${this.#setter}: ${describe(next)} is not a zerotel provider; ignored, the current provider stays`);
      return undefined;
    }
    const prev = this.#value;
    if (next === prev) return prev;
    this.#value = next as P | undefined;
    this.generation++;
    for (const listener of this.#listeners.slice()) {
      try {
        listener();
      } catch (err) {
        diag.error(`${this.#setter}: a proxy failed to follow the new provider: ${String(err)}`);
      }
    }
    return prev;
  }

  /** Calls `listener` after every accepted change. */
  onChange(listener: () => void): void {
    this.#listeners.push(listener);
  }

  #safeAccepts(value: object): boolean {
    try {
      return this.#accepts(value);
    } catch {
      return false;
    }
  }
}

/** A short description of an unacceptable value that never throws (Proxies, Symbols, null prototypes). */
function describe(v: unknown): string {
  if (v === null) return 'null';
  const t = typeof v;
  if (t !== 'object' && t !== 'function') return t === 'symbol' ? 'a symbol' : `${t} ${t === 'string' ? JSON.stringify(v) : String(v)}`;
  try {
    const name = (Object.getPrototypeOf(v) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
    return typeof name === 'string' && name !== '' && name !== 'Object' ? `an object of class ${name}` : t === 'function' ? 'a function' : 'a plain object';
  } catch {
    return 'an object';
  }
}
