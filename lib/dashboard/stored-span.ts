/**
 * One stored span as the API reads it: a view of row `i` of a column block
 * (span-block.ts), made on demand. Ingest never makes these; the routes,
 * filters and tests do, and read the fields they need from the columns.
 */
import type { OtlpResource, OtlpScope, OtlpSpan } from '../otlp/types.js';
import type { LinkRef, SpanBlock } from './span-block.js';

export type { LinkRef } from './span-block.js';
export { nanosToMs } from './span-block.js';

export class StoredSpan {
  readonly block: SpanBlock;
  readonly i: number;

  constructor(block: SpanBlock, i: number) {
    this.block = block;
    this.i = i;
  }

  get traceId(): string {
    return this.block.traceIds[this.i]!;
  }

  get spanId(): string {
    return this.block.spanIdHex(this.i);
  }

  /** '' for a root span. */
  get parentSpanId(): string {
    return this.block.parentIdHex(this.i);
  }

  get name(): string {
    return this.block.names[this.i]!;
  }

  get statusCode(): number {
    return this.block.status[this.i]!;
  }

  /** Epoch ms (float), for ordering and durations. */
  get startMs(): number {
    return this.block.times[2 * this.i]!;
  }

  get endMs(): number {
    return this.block.times[2 * this.i + 1]!;
  }

  get links(): readonly LinkRef[] | undefined {
    return this.block.links?.[this.i];
  }

  get resource(): OtlpResource {
    return this.block.resource;
  }

  get scope(): OtlpScope {
    return this.block.scope;
  }

  get service(): string {
    return this.block.service;
  }

  get bytes(): number {
    return this.block.sizes[this.i]!;
  }

  /** The whole span in OTLP/JSON shape (decoded now from its bytes when it came as protobuf). */
  get span(): OtlpSpan {
    return this.block.spanAt(this.i);
  }

  get startTimeUnixNano(): string {
    return this.block.startTimeUnixNano(this.i);
  }
}
