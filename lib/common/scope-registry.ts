/**
 * One instance per instrumentation scope, made on first use: the cache behind
 * TracerProvider.getTracer, MeterProvider.getMeter and LoggerProvider.getLogger
 * (and the global API's proxies of them). A scope is what the caller named —
 * name, version, schema URL and attributes — turned into a value by an
 * `identify` strategy chosen once per registry:
 *  - `providerScopes`: normalised (`normalizeScope`: a bad name or version is
 *    reported and replaced, attributes sanitised), keyed by name, version and
 *    schema URL; the first caller's attributes stay with the instance, as the
 *    OpenTelemetry SDKs do;
 *  - `callerScopes`: kept as given and keyed without reading more than the
 *    schema URL (`callerScopeKey`), for proxies that hand the raw values on to
 *    whichever provider is global later (which normalises them then).
 * Never throws: both strategies read the caller's values inside a guard.
 */
import type { Attributes } from './attributes.js';
import { sanitizeAttributes, UNLIMITED } from './attributes.js';
import { describeError, diag } from './diag.js';
import { safeString } from './exception.js';
import type { InstrumentationScope } from './resource.js';

/** What kind of instance a registry holds, for diagnostics: "a tracer needs a non-empty string name". */
export type ScopeKind = 'tracer' | 'meter' | 'logger';

/** The scope exactly as a caller passed it to getTracer / getMeter / getLogger. */
export interface CallerScope {
  readonly name: unknown;
  readonly version: unknown;
  readonly options: unknown;
}

export class ScopeRegistry<T, S> {
  readonly #byKey = new Map<string, T>();
  readonly #identify: (name: unknown, version: unknown, options: unknown) => S;
  readonly #key: (scope: S) => string;
  readonly #make: (scope: S) => T;

  constructor(identify: (name: unknown, version: unknown, options: unknown) => S, key: (scope: S) => string, make: (scope: S) => T) {
    this.#identify = identify;
    this.#key = key;
    this.#make = make;
  }

  /** The instance for the scope the caller named; the same object for the same scope. */
  get(name: unknown, version: unknown, options: unknown): T {
    const scope = this.#identify(name, version, options);
    const key = this.#key(scope);
    let item = this.#byKey.get(key);
    if (item === undefined) {
      item = this.#make(scope);
      this.#byKey.set(key, item);
    }
    return item;
  }

  /** Every instance made so far, in the order they were made. */
  values(): IterableIterator<T> {
    return this.#byKey.values();
  }
}

/** A provider's registry: scopes normalised (and reported) where they enter. */
export function providerScopes<T>(kind: ScopeKind, make: (scope: InstrumentationScope) => T): ScopeRegistry<T, InstrumentationScope> {
  return new ScopeRegistry((name, version, options) => normalizeScope(kind, name, version, options), scopeKey, make);
}

/** A registry of the global API's proxies: the caller's values kept as given, for the provider of the moment. */
export function callerScopes<T>(make: (scope: CallerScope) => T): ScopeRegistry<T, CallerScope> {
  return new ScopeRegistry((name, version, options): CallerScope => ({ name, version, options }), (s) => callerScopeKey(s.name, s.version, s.options), make);
}

/**
 * The scope of a tracer, meter or logger from what the caller passed, checked
 * where it enters (getTracer / getMeter / getLogger): a name that is not a
 * non-empty string becomes '' (the OpenTelemetry API's rule), a version or
 * schema URL that is not a string becomes undefined, and scope attributes are
 * copied as any attributes are. Each replacement is reported and counted
 * (`scope.name`, `scope.version`, `scope.schemaUrl`), so one bad scope cannot
 * break an encoder — and with it a batch of other scopes' telemetry.
 */
export function normalizeScope(what: string, name: unknown, version: unknown, options: unknown): InstrumentationScope {
  let schemaUrl: unknown;
  let attributes: unknown;
  if (options !== undefined && options !== null) {
    try {
      schemaUrl = (options as { schemaUrl?: unknown }).schemaUrl;
      attributes = (options as { attributes?: unknown }).attributes;
    } catch (err) {
      diag.dropped('scope.options', 1, () => `${what} options could not be read: ${describeError(err)}`);
    }
  }
  if (typeof name !== 'string' || name === '') {
    diag.dropped('scope.name', 1, () => `a ${what} needs a non-empty string name, got ${kindOf(name)}; using ''`);
    name = '';
  }
  if (version !== undefined && typeof version !== 'string') {
    diag.dropped('scope.version', 1, () => `the version of ${what} "${name as string}" must be a string, got ${kindOf(version)}; left out`);
    version = undefined;
  }
  if (schemaUrl !== undefined && typeof schemaUrl !== 'string') {
    diag.dropped('scope.schemaUrl', 1, () => `the schema URL of ${what} "${name as string}" must be a string; left out`);
    schemaUrl = undefined;
  }
  const attrs = attributes === undefined ? undefined : sanitizeAttributes(attributes as Attributes, UNLIMITED, 'scope.attribute').attributes;
  return Object.freeze({
    name: name as string,
    version: version as string | undefined,
    schemaUrl: schemaUrl as string | undefined,
    attributes: attrs === undefined ? undefined : Object.freeze(attrs),
  });
}

/** The provider's cache key of a normalized scope. */
export function scopeKey(scope: InstrumentationScope): string {
  return `${scope.name}\u0000${scope.version ?? ''}\u0000${scope.schemaUrl ?? ''}`;
}

function kindOf(v: unknown): string {
  return v === null ? 'null' : typeof v;
}

/**
 * The cache key of a global proxy tracer / meter / logger, from what the
 * caller passed, never throwing (a name may be a Symbol, a null-prototype
 * object, options a Proxy): the same values give the same key.
 */
export function callerScopeKey(name: unknown, version: unknown, options: unknown): string {
  let schemaUrl: unknown;
  try {
    schemaUrl = options !== null && typeof options === 'object' ? (options as { schemaUrl?: unknown }).schemaUrl : undefined;
  } catch {
    schemaUrl = undefined;
  }
  const n = typeof name === 'string' ? name : `\u0001${safeString(name)}`;
  return `${n}\u0000${typeof version === 'string' ? version : ''}\u0000${typeof schemaUrl === 'string' ? schemaUrl : ''}`;
}
