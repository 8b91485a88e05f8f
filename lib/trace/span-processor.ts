/**
 * Span processors see every recording span at start and end. The composite
 * chooses its strategy once (none / one / many) so the common single-processor
 * case costs a direct call.
 */
import { describeError, diag } from '../common/diag.js';
import type { Context } from '../context/context.js';
import type { Span } from './span.js';

export interface SpanProcessor {
  onStart(span: Span, parentContext: Context): void;
  onEnd(span: Span): void;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

export class MultiSpanProcessor implements SpanProcessor {
  readonly processors: SpanProcessor[] = [];

  add(p: SpanProcessor): void {
    this.processors.push(p);
  }

  get size(): number {
    return this.processors.length;
  }

  onStart(span: Span, parentContext: Context): void {
    const ps = this.processors;
    for (let i = 0; i < ps.length; i++) {
      try {
        ps[i]!.onStart(span, parentContext);
      } catch (err) {
        diag.error(`span processor onStart failed: ${describeError(err)}`);
      }
    }
  }

  onEnd(span: Span): void {
    const ps = this.processors;
    for (let i = 0; i < ps.length; i++) {
      try {
        ps[i]!.onEnd(span);
      } catch (err) {
        diag.error(`span processor onEnd failed: ${describeError(err)}`);
      }
    }
  }

  async forceFlush(): Promise<void> {
    await Promise.all(this.processors.map((p) => p.forceFlush().catch((err: unknown) => diag.error(`forceFlush failed: ${describeError(err)}`))));
  }

  async shutdown(): Promise<void> {
    await Promise.all(this.processors.map((p) => p.shutdown().catch((err: unknown) => diag.error(`shutdown failed: ${describeError(err)}`))));
  }
}
