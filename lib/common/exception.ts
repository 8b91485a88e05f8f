/**
 * The exception.* attributes (OpenTelemetry semantic conventions) of a thrown
 * value, shared by spans (`recordException`) and log records (`setException`)
 * so both signals describe the same failure the same way.
 */
/**
 * exception.type: the value's non-empty `name`, else its non-empty string
 * `code` (Node's system errors), else, for an Error, its constructor's name;
 * exception.message and exception.stacktrace when they are strings. A value
 * that yields neither a type nor a message (a primitive, a plain object) is
 * described by its string form, so the event is never empty.
 */
export function exceptionAttributes(exception: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (exception !== null && typeof exception === 'object') {
    // Each read may run user code (a getter, a Proxy trap) and throw: a field that cannot be read is left out.
    const name = read(exception, 'name');
    const code = typeof name === 'string' && name !== '' ? undefined : read(exception, 'code');
    const type =
      typeof name === 'string' && name !== ''
        ? name
        : typeof code === 'string' && code !== ''
          ? code
          : isError(exception)
            ? constructorName(exception)
            : undefined;
    if (type !== undefined) out['exception.type'] = type;
    const message = read(exception, 'message');
    if (typeof message === 'string') out['exception.message'] = message;
    const stack = read(exception, 'stack');
    if (typeof stack === 'string') out['exception.stacktrace'] = stack;
    if (type === undefined && out['exception.message'] === undefined) out['exception.message'] = safeString(exception);
    return out;
  }
  out['exception.message'] = safeString(exception);
  return out;
}

function read(o: object, key: string): unknown {
  try {
    return (o as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

function isError(o: object): boolean {
  try {
    return o instanceof Error;
  } catch {
    return false;
  }
}

function constructorName(o: object): string {
  const c = read(o, 'constructor');
  const n = typeof c === 'function' ? read(c, 'name') : undefined;
  return typeof n === 'string' && n !== '' ? n : 'Error';
}

/** String(v), or a placeholder when even that throws (a null-prototype object, a hostile toString). */
export function safeString(v: unknown): string {
  try {
    return String(v);
  } catch {
    return 'unprintable value';
  }
}

/** `Array.isArray` that never throws: it throws for a revoked Proxy. */
export function isArray(v: unknown): v is unknown[] {
  try {
    return Array.isArray(v);
  } catch {
    return false;
  }
}

/**
 * A short, never-throwing description of a rejected value for a diagnostic:
 * its type and (for primitives) its string form, cut to 40 characters.
 */
export function describeValue(v: unknown): string {
  const t = typeof v;
  if (v === null || v === undefined) return String(v);
  if (t === 'object') return isArray(v) ? 'an array' : 'an object';
  if (t === 'function') return 'a function';
  const s = safeString(v);
  return `${t} ${s.length > 40 ? `${s.slice(0, 40)}…` : s}`;
}
