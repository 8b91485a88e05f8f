/**
 * Samplers decide at span start whether a span is recorded and exported.
 * The decision is a small integer so the hot path allocates nothing.
 */
import type { Attributes } from '../common/attributes.js';
import { diag } from '../common/diag.js';
import { hasMethods, readOptions } from '../common/options.js';

/** What a sampler reads of the parent: a parent Span or SpanContext both fit. */
export interface SamplingParent {
  readonly traceFlags: number;
  readonly isRemote: boolean;
}
import type { SpanKind } from './span.js';
import { describeValue } from '../common/exception.js';

export const SamplingDecision = {
  /** Not recorded, not exported; the context still propagates (unsampled). */
  DROP: 0,
  /** Recorded (visible to processors) but not sampled: exporters skip it. */
  RECORD_ONLY: 1,
  RECORD_AND_SAMPLED: 2,
} as const;
export type SamplingDecision = (typeof SamplingDecision)[keyof typeof SamplingDecision];

export interface Sampler {
  /**
   * `parent` is the parent's context (undefined for a root span);
   * `traceIdLow` is the trace id's last 32 bits, its most random part.
   */
  shouldSample(
    parent: SamplingParent | undefined,
    traceIdLow: number,
    name: string,
    kind: SpanKind,
    attributes: Attributes | undefined,
  ): SamplingDecision;
  toString(): string;
}

export class AlwaysOnSampler implements Sampler {
  shouldSample(): SamplingDecision {
    return SamplingDecision.RECORD_AND_SAMPLED;
  }
  toString(): string {
    return 'AlwaysOnSampler';
  }
}

export class AlwaysOffSampler implements Sampler {
  shouldSample(): SamplingDecision {
    return SamplingDecision.DROP;
  }
  toString(): string {
    return 'AlwaysOffSampler';
  }
}

/**
 * Samples a fixed fraction of traces, deterministically by trace id, so every
 * process that sees a trace id makes the same decision for the same ratio.
 */
export class TraceIdRatioBasedSampler implements Sampler {
  readonly ratio: number;
  readonly #bound: number;

  /** A ratio that is not a number samples nothing, reported; out of [0, 1] it is clamped. */
  constructor(ratio: number) {
    const ok = typeof ratio === 'number' && Number.isFinite(ratio);
    if (!ok) diag.warn(`TraceIdRatioBasedSampler: ratio ${describeValue(ratio)} is not a number; nothing is sampled`);
    this.ratio = ok ? Math.min(1, Math.max(0, ratio)) : 0;
    this.#bound = Math.floor(this.ratio * 0x1_0000_0000);
  }

  shouldSample(_parent: SamplingParent | undefined, traceIdLow: number): SamplingDecision {
    // typeof first: comparing a Symbol (a direct caller's mistake) throws.
    return typeof traceIdLow === 'number' && traceIdLow < this.#bound ? SamplingDecision.RECORD_AND_SAMPLED : SamplingDecision.DROP;
  }

  toString(): string {
    return `TraceIdRatioBased{${this.ratio}}`;
  }
}

export interface ParentBasedOptions {
  root: Sampler;
  remoteParentSampled?: Sampler;
  remoteParentNotSampled?: Sampler;
  localParentSampled?: Sampler;
  localParentNotSampled?: Sampler;
}

function isSampler(v: unknown): v is Sampler {
  return hasMethods(v, 'shouldSample');
}

/** Follows the parent's sampled flag; asks `root` only for root spans. */
export class ParentBasedSampler implements Sampler {
  readonly #root: Sampler;
  readonly #remoteSampled: Sampler;
  readonly #remoteNotSampled: Sampler;
  readonly #localSampled: Sampler;
  readonly #localNotSampled: Sampler;

  /**
   * Takes the options or, as a shorthand, the root sampler. Options that
   * cannot be read, and entries that are not samplers, are reported and
   * replaced by the defaults (root: always on).
   */
  constructor(options: ParentBasedOptions | Sampler) {
    const o: Partial<ParentBasedOptions> = isSampler(options)
      ? { root: options }
      : readOptions<ParentBasedOptions>('ParentBasedSampler', options, ['root', 'remoteParentSampled', 'remoteParentNotSampled', 'localParentSampled', 'localParentNotSampled']);
    const pick = (name: keyof ParentBasedOptions, fallback: () => Sampler): Sampler => {
      const v = o[name];
      if (isSampler(v)) return v;
      if (v !== undefined || name === 'root') diag.warn(`ParentBasedSampler: "${name}" is not a sampler; the default is used`);
      return fallback();
    };
    this.#root = pick('root', () => new AlwaysOnSampler());
    this.#remoteSampled = pick('remoteParentSampled', () => new AlwaysOnSampler());
    this.#remoteNotSampled = pick('remoteParentNotSampled', () => new AlwaysOffSampler());
    this.#localSampled = pick('localParentSampled', () => new AlwaysOnSampler());
    this.#localNotSampled = pick('localParentNotSampled', () => new AlwaysOffSampler());
  }

  shouldSample(
    parent: SamplingParent | undefined,
    traceIdLow: number,
    name: string,
    kind: SpanKind,
    attributes: Attributes | undefined,
  ): SamplingDecision {
    let s: Sampler;
    // The tracer passes a span context or undefined; a direct caller may pass null (a root) or a
    // parent whose fields cannot be read (not sampled, said once): never a throw.
    if (parent === undefined || parent === null) s = this.#root;
    else {
      try {
        if (parent.isRemote) s = (parent.traceFlags & 1) !== 0 ? this.#remoteSampled : this.#remoteNotSampled;
        else s = (parent.traceFlags & 1) !== 0 ? this.#localSampled : this.#localNotSampled;
      } catch {
        diag.warnOnce('sampler.parent', 'ParentBasedSampler: unreadable parent; not sampled');
        return SamplingDecision.DROP;
      }
    }
    return s.shouldSample(parent ?? undefined, traceIdLow, name, kind, attributes);
  }

  toString(): string {
    let root: string;
    try {
      root = String(this.#root.toString());
    } catch {
      root = 'unprintable';
    }
    return `ParentBased{root=${root}}`;
  }
}
