/**
 * The entity producing telemetry. One Resource is shared by every span, metric
 * point and log record of a provider, so exporters can encode it once.
 */
import type { Attributes } from './attributes.js';
import { AttributeMap, sanitizeAttributes, UNLIMITED } from './attributes.js';
import { diag } from './diag.js';
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
