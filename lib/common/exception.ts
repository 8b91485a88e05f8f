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
    const e = exception as { name?: unknown; code?: unknown; message?: unknown; stack?: unknown };
    const type =
      typeof e.name === 'string' && e.name !== ''
        ? e.name
        : typeof e.code === 'string' && e.code !== ''
          ? e.code
          : exception instanceof Error
            ? exception.constructor?.name || 'Error'
            : undefined;
    if (type !== undefined) out['exception.type'] = type;
    if (typeof e.message === 'string') out['exception.message'] = e.message;
    if (typeof e.stack === 'string') out['exception.stacktrace'] = e.stack;
    if (type === undefined && out['exception.message'] === undefined) out['exception.message'] = safeString(exception);
    return out;
  }
  out['exception.message'] = safeString(exception);
  return out;
}

/** String(v), or a placeholder when even that throws (a null-prototype object, a hostile toString). */
export function safeString(v: unknown): string {
  try {
    return String(v);
  } catch {
    return 'unprintable value';
  }
}

/**
 * A short, never-throwing description of a rejected value for a diagnostic:
 * its type and (for primitives) its string form, cut to 40 characters.
 */
export function describeValue(v: unknown): string {
  const t = typeof v;
  if (v === null || v === undefined) return String(v);
  if (t === 'object' || t === 'function') return Array.isArray(v) ? 'an array' : `a ${t}`;
  const s = safeString(v);
  return `${t} ${s.length > 40 ? `${s.slice(0, 40)}…` : s}`;
}
