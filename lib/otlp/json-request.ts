/**
 * The envelope every OTLP/JSON export request shares, as bytes:
 *
 *   {"resource<S>":[{"resource":{…},"scope<S>":[{"scope":{…},"<items>":[…],"schemaUrl":…},…],"schemaUrl":…},…]}
 *
 * Signals differ only in the names and in how one item is written; groups
 * come from span-groups.ts / log-groups.ts (resource → scope → items).
 */
import type { InstrumentationScope, Resource } from '../common/resource.js';
import type { JsonWriter } from './json-byte-writer.js';
import { literal } from './json-byte-writer.js';
import { writeJsonResource, writeJsonScope } from './json-bytes.js';

export interface JsonScopeGroup {
  readonly scope: InstrumentationScope;
}

export interface JsonResourceGroup<S extends JsonScopeGroup> {
  readonly resource: Resource;
  readonly scopes: readonly S[];
}

/** A signal's request: its three list names, where a scope group keeps its items, and the item writer. */
export class JsonRequestShape<S extends JsonScopeGroup, T> {
  readonly open: Uint8Array;
  readonly scopeList: Uint8Array;
  readonly itemList: Uint8Array;
  readonly items: (group: S) => readonly T[];
  readonly write: (w: JsonWriter, item: T) => void;

  /** E.g. ('resourceSpans', 'scopeSpans', 'spans', (g) => g.spans, writeSpan). */
  constructor(resourceList: string, scopeList: string, itemList: string, items: (group: S) => readonly T[], write: (w: JsonWriter, item: T) => void) {
    this.open = literal(`{"${resourceList}":[`);
    this.scopeList = literal(`,"${scopeList}":[`);
    this.itemList = literal(`,"${itemList}":[`);
    this.items = items;
    this.write = write;
  }
}

const J_OPEN_RESOURCE = literal('{"resource":');
const J_NEXT_RESOURCE = literal(',{"resource":');
const J_OPEN_SCOPE = literal('{"scope":');
const J_NEXT_SCOPE = literal(',{"scope":');
const J_SCHEMA_URL = literal(',"schemaUrl":');
const J_END_REQUEST = literal(']}');

/** The whole request for `groups`. */
export function writeJsonRequest<S extends JsonScopeGroup, T>(w: JsonWriter, shape: JsonRequestShape<S, T>, groups: readonly JsonResourceGroup<S>[]): void {
  w.lit(shape.open);
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g]!;
    w.lit(g === 0 ? J_OPEN_RESOURCE : J_NEXT_RESOURCE);
    writeJsonResource(w, group.resource);
    w.lit(shape.scopeList);
    for (let s = 0; s < group.scopes.length; s++) {
      const sg = group.scopes[s]!;
      w.lit(s === 0 ? J_OPEN_SCOPE : J_NEXT_SCOPE);
      writeJsonScope(w, sg.scope);
      w.lit(shape.itemList);
      const list = shape.items(sg);
      const write = shape.write;
      for (let i = 0; i < list.length; i++) {
        if (i > 0) w.byte(44);
        write(w, list[i]!);
      }
      w.byte(93);
      schemaUrl(w, sg.scope.schemaUrl);
      w.byte(125);
    }
    w.byte(93);
    schemaUrl(w, group.resource.schemaUrl);
    w.byte(125);
  }
  w.lit(J_END_REQUEST);
}

function schemaUrl(w: JsonWriter, url: string | undefined): void {
  if (url) {
    w.lit(J_SCHEMA_URL);
    w.str(url);
  }
}
