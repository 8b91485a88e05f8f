/**
 * The entity producing telemetry. One Resource is shared by every span, metric
 * point and log record of a provider, so exporters can encode it once.
 */
import type { Attributes } from './attributes.js';
import { AttributeMap, sanitizeAttributes, UNLIMITED } from './attributes.js';
import { describeError, diag } from './diag.js';
import { safeString } from './exception.js';
import { isInstance } from './options.js';
import { VERSION } from './version.js';

export class Resource {
  readonly attributes: Readonly<Attributes>;
  readonly droppedAttributesCount: number;
  readonly schemaUrl: string | undefined;

  constructor(attributes: Attributes, schemaUrl?: string, droppedAttributesCount = 0) {
    this.attributes = Object.freeze(sanitizeAttributes(attributes, UNLIMITED, 'resource.attribute').attributes ?? new AttributeMap());
    if (schemaUrl !== undefined && typeof schemaUrl !== 'string') {
      diag.dropped('resource.schemaUrl', 1, 'a resource schema URL must be a string; left out');
      schemaUrl = undefined;
    }
    this.schemaUrl = schemaUrl;
    this.droppedAttributesCount = typeof droppedAttributesCount === 'number' && droppedAttributesCount >= 0 ? Math.floor(droppedAttributesCount) : 0;
  }

  /** A new resource where `other`'s attributes win on conflicting keys. */
  merge(other: Resource | undefined): Resource {
    if (other === undefined) return this;
    if (!isInstance(other, Resource)) {
      diag.dropped('config.option', 1, 'a resource must be a Resource (resourceFromAttributes); ignored');
      return this;
    }
    return new Resource({ ...this.attributes, ...other.attributes }, other.schemaUrl ?? this.schemaUrl);
  }
}

/** The SDK's own attributes and the spec's default `service.name`. */
export function defaultResource(): Resource {
  return new Resource({
    'service.name': 'unknown_service:node',
    'telemetry.sdk.name': 'zerotel',
    'telemetry.sdk.language': 'nodejs',
    'telemetry.sdk.version': VERSION,
  });
}

export function resourceFromAttributes(attributes: Attributes, schemaUrl?: string): Resource {
  return new Resource(attributes, schemaUrl);
}

/** The instrumentation scope: the library that produced a span, metric or record. */
export interface InstrumentationScope {
  readonly name: string;
  readonly version?: string | undefined;
  readonly schemaUrl?: string | undefined;
  readonly attributes?: Readonly<Attributes> | undefined;
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
