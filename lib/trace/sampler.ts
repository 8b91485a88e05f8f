/**
 * Samplers decide at span start whether a span is recorded and exported.
 * The decision is a small integer so the hot path allocates nothing.
 */
import type { Attributes } from '../common/attributes.js';

/** What a sampler reads of the parent: a parent Span or SpanContext both fit. */
export interface SamplingParent {
  readonly traceFlags: number;
  readonly isRemote: boolean;
}
import type { SpanKind } from './span.js';

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

  constructor(ratio: number) {
    this.ratio = Number.isFinite(ratio) ? Math.min(1, Math.max(0, ratio)) : 0;
    this.#bound = Math.floor(this.ratio * 0x1_0000_0000);
  }

  shouldSample(_parent: SamplingParent | undefined, traceIdLow: number): SamplingDecision {
    return traceIdLow < this.#bound ? SamplingDecision.RECORD_AND_SAMPLED : SamplingDecision.DROP;
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

/** Follows the parent's sampled flag; asks `root` only for root spans. */
export class ParentBasedSampler implements Sampler {
  readonly #root: Sampler;
  readonly #remoteSampled: Sampler;
  readonly #remoteNotSampled: Sampler;
  readonly #localSampled: Sampler;
  readonly #localNotSampled: Sampler;

  constructor(options: ParentBasedOptions | Sampler) {
    const o: ParentBasedOptions = 'root' in options ? options : { root: options };
    this.#root = o.root;
    this.#remoteSampled = o.remoteParentSampled ?? new AlwaysOnSampler();
    this.#remoteNotSampled = o.remoteParentNotSampled ?? new AlwaysOffSampler();
    this.#localSampled = o.localParentSampled ?? new AlwaysOnSampler();
    this.#localNotSampled = o.localParentNotSampled ?? new AlwaysOffSampler();
  }

  shouldSample(
    parent: SamplingParent | undefined,
    traceIdLow: number,
    name: string,
    kind: SpanKind,
    attributes: Attributes | undefined,
  ): SamplingDecision {
    let s: Sampler;
    if (parent === undefined) s = this.#root;
    else if (parent.isRemote) s = (parent.traceFlags & 1) !== 0 ? this.#remoteSampled : this.#remoteNotSampled;
    else s = (parent.traceFlags & 1) !== 0 ? this.#localSampled : this.#localNotSampled;
    return s.shouldSample(parent, traceIdLow, name, kind, attributes);
  }

  toString(): string {
    return `ParentBased{root=${this.#root.toString()}}`;
  }
}
