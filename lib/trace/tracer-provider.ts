/** Owns the resource, sampler, limits and processors shared by its tracers. */
import type { Attributes } from '../common/attributes.js';
import type { Resource } from '../common/resource.js';
import { defaultResource } from '../common/resource.js';
import { providerScopes } from '../common/scope-registry.js';
import { AlwaysOnSampler, ParentBasedSampler } from './sampler.js';
import type { Sampler } from './sampler.js';
import type { SpanLimits } from './span-limits.js';
import { resolveSpanLimits } from './span-limits.js';
import type { SpanProcessor } from './span-processor.js';
import { MultiSpanProcessor } from './span-processor.js';
import { Tracer } from './tracer.js';
import { diag } from '../common/diag.js';
import { arrayOption, hasMethods, readOptions } from '../common/options.js';

export interface TracerProviderOptions {
  /** Merged over the default resource (service.name, telemetry.sdk.*). */
  resource?: Resource;
  /** Default: ParentBased(AlwaysOn). */
  sampler?: Sampler;
  spanLimits?: Partial<SpanLimits>;
  spanProcessors?: SpanProcessor[];
}

export interface TracerOptions {
  schemaUrl?: string;
  attributes?: Attributes;
}

export class TracerProvider {
  readonly resource: Resource;
  readonly sampler: Sampler;
  readonly limits: SpanLimits;
  readonly processor = new MultiSpanProcessor();
  readonly #tracers = providerScopes('tracer', (scope) => new Tracer(scope, this));
  #shutdown: Promise<void> | undefined;

  /** Never throws: a bad option is reported and replaced by its default. */
  constructor(options: TracerProviderOptions = {}) {
    const o = readOptions<TracerProviderOptions>('TracerProvider', options, ['resource', 'sampler', 'spanLimits', 'spanProcessors']);
    this.resource = defaultResource().merge(o.resource);
    if (o.sampler !== undefined && !hasMethods(o.sampler, 'shouldSample')) {
      diag.dropped('config.option', 1, 'TracerProvider option "sampler" needs a shouldSample method; using the default');
    }
    this.sampler = hasMethods(o.sampler, 'shouldSample') ? o.sampler! : new ParentBasedSampler({ root: new AlwaysOnSampler() });
    this.limits = resolveSpanLimits(o.spanLimits);
    const isProcessor = (p: unknown): p is SpanProcessor => hasMethods(p, 'onStart', 'onEnd', 'forceFlush', 'shutdown');
    for (const p of arrayOption('TracerProvider', 'spanProcessors', o.spanProcessors, isProcessor)) this.processor.add(p);
  }

  /** The tracer for a scope; the same object for the same name, version and schema URL. */
  getTracer(name: string, version?: string, options?: TracerOptions): Tracer {
    return this.#tracers.get(name, version, options);
  }

  addSpanProcessor(p: SpanProcessor): void {
    if (hasMethods(p, 'onStart', 'onEnd', 'forceFlush', 'shutdown')) this.processor.add(p);
    else diag.dropped('config.option', 1, 'addSpanProcessor needs a span processor (onStart, onEnd, forceFlush, shutdown)');
  }

  forceFlush(): Promise<void> {
    return this.processor.forceFlush();
  }

  /** Flushes and shuts every processor down; idempotent. */
  shutdown(): Promise<void> {
    return (this.#shutdown ??= this.processor.shutdown());
  }
}
