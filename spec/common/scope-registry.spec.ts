/**
 * One scope registry (lib/common/scope-registry.ts) behind the three
 * providers' getTracer / getMeter / getLogger and the global API's proxies:
 * the same object per name, version and schema URL, a new one when any of
 * them differs, the first caller's scope attributes kept.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { callerScopes, providerScopes } from '../../lib/common/scope-registry.js';
import { LoggerProvider } from '../../lib/logs/logger-provider.js';
import { MeterProvider } from '../../lib/metrics/meter-provider.js';
import { TracerProvider } from '../../lib/trace/tracer-provider.js';
import { getTracer } from '../../lib/trace/api.js';
import { getMeter } from '../../lib/metrics/api.js';
import { getLogger } from '../../lib/logs/api.js';

type Get = (name: unknown, version?: unknown, options?: unknown) => { readonly scope: { name: string; version?: string | undefined; schemaUrl?: string | undefined } };

const providers: [string, () => Get][] = [
  ['TracerProvider.getTracer', () => { const p = new TracerProvider(); return (n, v, o) => p.getTracer(n as string, v as string, o as object); }],
  ['MeterProvider.getMeter', () => { const p = new MeterProvider(); return (n, v, o) => p.getMeter(n as string, v as string, o as object); }],
  ['LoggerProvider.getLogger', () => { const p = new LoggerProvider(); return (n, v, o) => p.getLogger(n as string, v as string, o as object); }],
  ['the global getTracer', () => (n, v, o) => getTracer(n as string, v as string, o as object)],
  ['the global getMeter', () => (n, v, o) => getMeter(n as string, v as string, o as object)],
  ['the global getLogger', () => (n, v, o) => getLogger(n as string, v as string, o as object)],
];

describe('one scope registry behind every getTracer, getMeter and getLogger', () => {
  for (const [what, make] of providers) {
    test(`${what}: one object per name, version and schema URL`, () => {
      const get = make();
      const a = get('registry-lib', '1.0', { schemaUrl: 'https://s/1' });
      assert.equal(get('registry-lib', '1.0', { schemaUrl: 'https://s/1' }), a);
      assert.notEqual(get('registry-lib', '1.0', { schemaUrl: 'https://s/2' }), a);
      assert.notEqual(get('registry-lib', '1.1', { schemaUrl: 'https://s/1' }), a);
      assert.notEqual(get('registry-lib-2', '1.0', { schemaUrl: 'https://s/1' }), a);
      assert.equal(a.scope.name, 'registry-lib');
      assert.equal(a.scope.version, '1.0');
      assert.equal(a.scope.schemaUrl, 'https://s/1');
    });
  }

  test('a provider registry normalises once per call and keeps the first caller\'s attributes', () => {
    const made: unknown[] = [];
    const reg = providerScopes('tracer', (scope) => {
      made.push(scope);
      return { scope };
    });
    const a = reg.get('lib', '1', { attributes: { first: true } });
    const b = reg.get('lib', '1', { attributes: { second: true } });
    assert.equal(b, a);
    assert.deepEqual({ ...a.scope.attributes }, { first: true });
    assert.equal(reg.get(Symbol('x'), 5, null).scope.name, '');
    assert.deepEqual([...reg.values()], made.map((scope) => ({ scope })));
  });

  test('a caller registry keeps the values as given and tells a Symbol name from its description', () => {
    const reg = callerScopes((s) => ({ ...s }));
    const sym = Symbol('lib');
    const a = reg.get(sym, undefined, undefined);
    assert.equal(a.name, sym);
    assert.notEqual(reg.get('Symbol(lib)', undefined, undefined), a);
    const hostile = new Proxy({}, { get() { throw new Error('no'); } });
    assert.doesNotThrow(() => reg.get('lib', '1', hostile));
  });
});
