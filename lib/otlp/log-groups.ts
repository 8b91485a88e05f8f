/**
 * Log records grouped as OTLP nests them (resourceLogs → scopeLogs →
 * logRecords); the grouping itself is shared with spans (owner-groups.ts).
 */
import type { InstrumentationScope } from '../common/resource.js';
import type { LogRecord } from '../logs/log-record.js';
import type { OwnerGroup } from './owner-groups.js';
import { groupByOwner } from './owner-groups.js';

export interface LogScopeGroup {
  readonly scope: InstrumentationScope;
  readonly records: readonly LogRecord[];
}

export type LogResourceGroup = OwnerGroup<LogScopeGroup>;

const scopeGroup = (scope: InstrumentationScope, records: readonly LogRecord[]): LogScopeGroup => ({ scope, records });

export function groupLogRecords(records: readonly LogRecord[]): LogResourceGroup[] {
  return groupByOwner(records, scopeGroup);
}
