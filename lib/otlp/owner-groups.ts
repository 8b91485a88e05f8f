/**
 * Groups items (spans, log records) by resource, then by instrumentation
 * scope, as OTLP nests them (resource → scope → items). An item's owner (its
 * tracer or logger) holds identity-stable resource and scope objects, so
 * grouping compares references, never keys. The common case — every item from
 * one owner — costs one pass and no copies.
 */
import type { InstrumentationScope, Resource } from '../common/resource.js';

/** What grouping reads of an item: its owner's resource and scope (none: nothing to export). */
export interface Owned {
  readonly owner: { readonly resource: Resource; readonly scope: InstrumentationScope } | undefined;
}

export interface OwnerGroup<G> {
  readonly resource: Resource;
  readonly scopes: G[];
}

/** `scopeGroup` builds each signal's scope-level object (`{ scope, spans }`, `{ scope, records }`). */
export function groupByOwner<T extends Owned, G>(items: readonly T[], scopeGroup: (scope: InstrumentationScope, list: readonly T[]) => G): OwnerGroup<G>[] {
  const first = items[0]?.owner;
  if (first === undefined) return items.length === 0 ? [] : slowGroup(items, scopeGroup);
  for (let i = 1; i < items.length; i++) {
    const o = items[i]!.owner;
    if (o === undefined || o.resource !== first.resource || o.scope !== first.scope) return slowGroup(items, scopeGroup);
  }
  return [{ resource: first.resource, scopes: [scopeGroup(first.scope, items)] }];
}

function slowGroup<T extends Owned, G>(items: readonly T[], scopeGroup: (scope: InstrumentationScope, list: readonly T[]) => G): OwnerGroup<G>[] {
  const byResource = new Map<Resource, Map<InstrumentationScope, T[]>>();
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const owner = item.owner;
    // An item without an owner is non-recording: there is nothing to export.
    if (owner === undefined) continue;
    let scopes = byResource.get(owner.resource);
    if (scopes === undefined) byResource.set(owner.resource, (scopes = new Map()));
    let list = scopes.get(owner.scope);
    if (list === undefined) scopes.set(owner.scope, (list = []));
    list.push(item);
  }
  const out: OwnerGroup<G>[] = [];
  for (const [resource, scopes] of byResource) {
    const groups: G[] = [];
    for (const [scope, list] of scopes) groups.push(scopeGroup(scope, list));
    out.push({ resource, scopes: groups });
  }
  return out;
}
