/** Values a hostile or careless caller passes: for the no-throw specs and the public API fuzz. */

/** A Proxy whose every trap throws (reading, listing keys, instanceof, typeof-probing via toPrimitive...). */
export function throwingProxy(target: object = {}): object {
  const boom = (): never => {
    throw new Error('hostile trap');
  };
  return new Proxy(target, {
    get: boom,
    set: boom,
    has: boom,
    deleteProperty: boom,
    ownKeys: boom,
    getOwnPropertyDescriptor: boom,
    defineProperty: boom,
    getPrototypeOf: boom,
    setPrototypeOf: boom,
    isExtensible: boom,
    preventExtensions: boom,
    apply: boom,
    construct: boom,
  });
}

/** An object whose enumerable `key` getter throws, next to an ordinary entry. */
export function throwingGetter(key = 'boom', extra: Record<string, unknown> = { ok: 1 }): Record<string, unknown> {
  const o: Record<string, unknown> = { ...extra };
  Object.defineProperty(o, key, {
    enumerable: true,
    get() {
      throw new Error(`getter ${key}`);
    },
  });
  return o;
}

/** An Error whose message, name and stack getters throw. */
export function throwingError(): Error {
  const e = new Error('x');
  // stack first: redefining it formats the stack, which reads name and message.
  for (const k of ['stack', 'message', 'name']) {
    Object.defineProperty(e, k, {
      get() {
        throw new Error(`getter ${k}`);
      },
    });
  }
  return e;
}

/** A cyclic object (and a cyclic array inside it). */
export function cyclic(): Record<string, unknown> {
  const o: Record<string, unknown> = { a: 1 };
  const arr: unknown[] = [o];
  arr.push(arr);
  o['self'] = o;
  o['arr'] = arr;
  return o;
}
