/**
 * Getter/setter adapters between propagators and the things headers live in:
 * plain objects (case-insensitive names), Node's `IncomingHttpHeaders`
 * (lowercase names, arrays for repeated headers), the WHATWG `Headers` of
 * fetch, and Node's outgoing messages (`setHeader`).
 */

/** Reads header values from a carrier. Propagators pass lowercase names. */
export interface TextMapGetter<C = unknown> {
  keys(carrier: C): string[];
  get(carrier: C, key: string): string | string[] | undefined;
}

/** Writes header values into a carrier. */
export interface TextMapSetter<C = unknown> {
  set(carrier: C, key: string, value: string): void;
}

type Dict = Record<string, unknown>;

function isHeadersLike(carrier: unknown): carrier is { get(k: string): string | null; set(k: string, v: string): void; keys(): Iterable<string> } {
  return typeof (carrier as { get?: unknown }).get === 'function' && typeof (carrier as { set?: unknown }).set === 'function';
}

function asHeaderValue(v: unknown): string | string[] | undefined {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) {
    for (const x of v) if (typeof x !== 'string') return v.map(String);
    return v as string[];
  }
  if (typeof v === 'number') return String(v);
  return undefined;
}

/** Plain objects: exact name first (the usual lowercase case), then a case-insensitive scan. */
export const objectGetter: TextMapGetter<Dict> = {
  keys(carrier) {
    return carrier !== null && typeof carrier === 'object' ? Object.keys(carrier) : [];
  },
  get(carrier, key) {
    if (carrier === null || typeof carrier !== 'object') return undefined;
    const direct = carrier[key];
    if (direct !== undefined) return asHeaderValue(direct);
    for (const k in carrier) {
      if (k.length === key.length && k.toLowerCase() === key && Object.hasOwn(carrier, k)) return asHeaderValue(carrier[k]);
    }
    return undefined;
  },
};

/** Plain objects: sets the (lowercase) name. */
export const objectSetter: TextMapSetter<Dict> = {
  set(carrier, key, value) {
    if (carrier !== null && typeof carrier === 'object') carrier[key] = value;
  },
};

/** WHATWG Headers (and anything with get/set): already case-insensitive; repeated headers come joined with ", ". */
export const headersGetter: TextMapGetter<Headers> = {
  keys(carrier) {
    return Array.from(carrier.keys());
  },
  get(carrier, key) {
    return carrier.get(key) ?? undefined;
  },
};

export const headersSetter: TextMapSetter<Headers> = {
  set(carrier, key, value) {
    carrier.set(key, value);
  },
};

/** Node's OutgoingMessage (ClientRequest, ServerResponse) before its headers are sent. */
export const outgoingMessageSetter: TextMapSetter<{ setHeader(k: string, v: string): unknown; headersSent: boolean }> = {
  set(carrier, key, value) {
    if (!carrier.headersSent) carrier.setHeader(key, value);
  },
};

/** Chooses the getter for a carrier by its shape. */
export const defaultGetter: TextMapGetter<unknown> = {
  keys(carrier) {
    if (carrier === null || typeof carrier !== 'object') return [];
    return isHeadersLike(carrier) && typeof carrier.keys === 'function' ? Array.from(carrier.keys()) : Object.keys(carrier);
  },
  get(carrier, key) {
    if (carrier === null || typeof carrier !== 'object') return undefined;
    if (isHeadersLike(carrier)) return carrier.get(key) ?? undefined;
    return objectGetter.get(carrier as Dict, key);
  },
};

/** Chooses the setter for a carrier by its shape. */
export const defaultSetter: TextMapSetter<unknown> = {
  set(carrier, key, value) {
    if (carrier === null || typeof carrier !== 'object') return;
    const c = carrier as { setHeader?: unknown; headersSent?: unknown };
    if (typeof c.setHeader === 'function') {
      if (c.headersSent !== true) (c.setHeader as (k: string, v: string) => void).call(carrier, key, value);
    } else if (isHeadersLike(carrier)) carrier.set(key, value);
    else (carrier as Dict)[key] = value;
  },
};
