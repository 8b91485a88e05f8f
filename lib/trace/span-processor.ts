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

/** Runs a processor hook, keeping any throw away from the instrumented code. */
function guard(p: SpanProcessor, hook: 'onStart' | 'onEnd', span: Span, ctx?: Context): void {
  try {
    if (hook === 'onStart') p.onStart(span, ctx!);
    else p.onEnd(span);
  } catch (err) {
    diag.error(`span processor ${hook} failed: ${describeError(err)}`);
  }
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
    for (let i = 0; i < ps.length; i++) guard(ps[i]!, 'onStart', span, parentContext);
  }

  onEnd(span: Span): void {
    const ps = this.processors;
    for (let i = 0; i < ps.length; i++) guard(ps[i]!, 'onEnd', span);
  }

  async forceFlush(): Promise<void> {
    await Promise.all(this.processors.map((p) => p.forceFlush().catch((err: unknown) => diag.error(`forceFlush failed: ${describeError(err)}`))));
  }

  async shutdown(): Promise<void> {
    await Promise.all(this.processors.map((p) => p.shutdown().catch((err: unknown) => diag.error(`shutdown failed: ${describeError(err)}`))));
  }
}
