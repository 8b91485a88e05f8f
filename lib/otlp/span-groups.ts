/**
 * Groups spans by resource, then by instrumentation scope, as OTLP nests them
 * (resourceSpans → scopeSpans → spans). A tracer's resource and scope are
 * identity-stable objects, so grouping compares references, never keys. The
 * common case — every span from one tracer — costs one pass and no copies.
 */
import type { InstrumentationScope, Resource } from '../common/resource.js';
import type { Span } from '../trace/span.js';

export interface ScopeGroup {
  readonly scope: InstrumentationScope;
  readonly spans: readonly Span[];
}

export interface ResourceGroup {
  readonly resource: Resource;
  readonly scopes: ScopeGroup[];
}

export function groupSpans(spans: readonly Span[]): ResourceGroup[] {
  const first = spans[0]?.owner;
  if (first === undefined) return spans.length === 0 ? [] : slowGroup(spans);
  let uniform = true;
  for (let i = 1; i < spans.length; i++) {
    const o = spans[i]!.owner;
    if (o === undefined || o.resource !== first.resource || o.scope !== first.scope) {
      uniform = false;
      break;
    }
  }
  if (uniform) return [{ resource: first.resource, scopes: [{ scope: first.scope, spans }] }];
  return slowGroup(spans);
}

function slowGroup(spans: readonly Span[]): ResourceGroup[] {
  const byResource = new Map<Resource, Map<InstrumentationScope, Span[]>>();
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i]!;
    const owner = span.owner;
    // A span without an owner is non-recording: there is nothing to export.
    if (owner === undefined) continue;
    let scopes = byResource.get(owner.resource);
    if (scopes === undefined) byResource.set(owner.resource, (scopes = new Map()));
    let list = scopes.get(owner.scope);
    if (list === undefined) scopes.set(owner.scope, (list = []));
    list.push(span);
  }
  const out: ResourceGroup[] = [];
  for (const [resource, scopes] of byResource) {
    const groups: ScopeGroup[] = [];
    for (const [scope, list] of scopes) groups.push({ scope, spans: list });
    out.push({ resource, scopes: groups });
  }
  return out;
}

/** OTLP span/link `flags`: W3C flags in the low byte, 0x100 "is_remote known", 0x200 "is remote". */
export function otlpFlags(traceFlags: number, isRemote: boolean): number {
  return (traceFlags & 0xff) | 0x100 | (isRemote ? 0x200 : 0);
}
