/**
 * Span processors see every recording span at start and end. The composite
 * (common/processor-list.ts for adding, flushing and shutting down) calls
 * each in a plain loop, guarded, so a throwing processor never reaches the
 * code that made the span.
 */
import { ProcessorList } from '../common/processor-list.js';
import type { Context } from '../context/context.js';
import type { Span } from './span.js';

export interface SpanProcessor {
  onStart(span: Span, parentContext: Context): void;
  onEnd(span: Span): void;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** Every processor of a provider; a throwing one is reported and the others still run. */
export class MultiSpanProcessor extends ProcessorList<SpanProcessor> implements SpanProcessor {
  constructor() {
    super('span processor', false);
  }

  onStart(span: Span, parentContext: Context): void {
    const ps = this.processors;
    for (let i = 0; i < ps.length; i++) {
      try {
        ps[i]!.onStart(span, parentContext);
      } catch (err) {
        this.failed('onStart', err);
      }
    }
  }

  onEnd(span: Span): void {
    const ps = this.processors;
    for (let i = 0; i < ps.length; i++) {
      try {
        ps[i]!.onEnd(span);
      } catch (err) {
        this.failed('onEnd', err);
      }
    }
  }
}
