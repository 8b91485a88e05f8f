/**
 * Groups log records by resource, then by instrumentation scope, as OTLP
 * nests them (resourceLogs → scopeLogs → logRecords). A logger's resource and
 * scope are identity-stable objects, so grouping compares references, never
 * keys; the common case — one logger — costs one pass and no copies.
 */
import type { InstrumentationScope, Resource } from '../common/resource.js';
import type { LogRecord } from '../logs/log-record.js';

export interface LogScopeGroup {
  readonly scope: InstrumentationScope;
  readonly records: readonly LogRecord[];
}

export interface LogResourceGroup {
  readonly resource: Resource;
  readonly scopes: LogScopeGroup[];
}

export function groupLogRecords(records: readonly LogRecord[]): LogResourceGroup[] {
  if (records.length === 0) return [];
  const first = records[0]!.owner;
  let uniform = true;
  for (let i = 1; i < records.length; i++) {
    const o = records[i]!.owner;
    if (o.resource !== first.resource || o.scope !== first.scope) {
      uniform = false;
      break;
    }
  }
  if (uniform) return [{ resource: first.resource, scopes: [{ scope: first.scope, records }] }];
  const byResource = new Map<Resource, Map<InstrumentationScope, LogRecord[]>>();
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    const owner = record.owner;
    let scopes = byResource.get(owner.resource);
    if (scopes === undefined) byResource.set(owner.resource, (scopes = new Map()));
    let list = scopes.get(owner.scope);
    if (list === undefined) scopes.set(owner.scope, (list = []));
    list.push(record);
  }
  const out: LogResourceGroup[] = [];
  for (const [resource, scopes] of byResource) {
    const groups: LogScopeGroup[] = [];
    for (const [scope, list] of scopes) groups.push({ scope, records: list });
    out.push({ resource, scopes: groups });
  }
  return out;
}
