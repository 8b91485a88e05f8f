/**
 * Spans grouped as OTLP nests them (resourceSpans → scopeSpans → spans); the
 * grouping itself is shared with log records (owner-groups.ts).
 */
import type { InstrumentationScope } from '../common/resource.js';
import type { Span } from '../trace/span.js';
import type { OwnerGroup } from './owner-groups.js';
import { groupByOwner } from './owner-groups.js';

export interface ScopeGroup {
  readonly scope: InstrumentationScope;
  readonly spans: readonly Span[];
}

export type ResourceGroup = OwnerGroup<ScopeGroup>;

const scopeGroup = (scope: InstrumentationScope, spans: readonly Span[]): ScopeGroup => ({ scope, spans });

export function groupSpans(spans: readonly Span[]): ResourceGroup[] {
  return groupByOwner(spans, scopeGroup);
}

/** OTLP span/link `flags`: W3C flags in the low byte, 0x100 "is_remote known", 0x200 "is remote". */
export function otlpFlags(traceFlags: number, isRemote: boolean): number {
  return (traceFlags & 0xff) | 0x100 | (isRemote ? 0x200 : 0);
}
