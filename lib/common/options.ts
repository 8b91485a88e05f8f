/**
 * Reading what callers pass to constructors and setup calls without ever
 * throwing: every field is read once, inside a try (a getter or a Proxy runs
 * user code), and a value of the wrong shape is reported and left out, so a
 * bad option costs that option — never the provider, never the application.
 */
import { describeError, diag } from './diag.js';
import { isArray } from './exception.js';

/** The listed fields of `options`, each read once; {} (reported) for anything but an object that can be read. */
export function readOptions<T extends object>(what: string, options: unknown, keys: readonly (keyof T & string)[]): Partial<T> {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object') {
    diag.dropped('config.option', 1, () => `${what} options must be an object; ignored`);
    return {};
  }
  const out: Partial<T> = {};
  for (const k of keys) {
    try {
      const v = (options as T)[k];
      if (v !== undefined) out[k] = v;
    } catch (err) {
      diag.dropped('config.option', 1, () => `${what} option "${k}" could not be read: ${describeError(err)}`);
    }
  }
  return out;
}

/**
 * The entries of an array option that pass `accept`; each other entry (and a
 * value that is not an array) is reported and left out.
 */
export function arrayOption<E>(what: string, name: string, value: unknown, accept: (v: unknown) => v is E): E[] {
  if (value === undefined) return [];
  if (!isArray(value)) {
    diag.dropped('config.option', 1, () => `${what} option "${name}" must be an array; ignored`);
    return [];
  }
  let length: number;
  try {
    length = value.length; // a Proxy posing as an array may throw here
  } catch (err) {
    diag.dropped('config.option', 1, () => `${what} option "${name}" could not be read: ${describeError(err)}`);
    return [];
  }
  const out: E[] = [];
  for (let i = 0; i < length; i++) {
    let v: unknown;
    try {
      v = value[i];
    } catch {
      v = undefined;
    }
    if (accept(v)) out.push(v);
    else diag.dropped('config.option', 1, () => `${what} option "${name}": entry ${i} is not a valid ${name.replace(/s$/, '')}; ignored`);
  }
  return out;
}

/** True for an object with these methods (an exporter, a processor, a sampler). Never throws. */
export function hasMethods(v: unknown, ...methods: string[]): boolean {
  if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return false;
  try {
    for (const m of methods) if (typeof (v as Record<string, unknown>)[m] !== 'function') return false;
    return true;
  } catch {
    return false;
  }
}

/** `instanceof` that never throws (a Proxy's getPrototypeOf trap may). */
export function isInstance<T>(v: unknown, cls: abstract new (...args: never[]) => T): v is T {
  if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return false;
  try {
    return v instanceof cls;
  } catch {
    return false;
  }
}
