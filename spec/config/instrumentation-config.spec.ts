import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readConfig } from '../../lib/config/config.js';
import { instrumentationConfigFromEnv } from '../../lib/config/instrumentation-config.js';

describe('OTEL_NODE_ENABLED_INSTRUMENTATIONS / OTEL_NODE_DISABLED_INSTRUMENTATIONS', () => {
  const cases: ReadonlyArray<{ env: Record<string, string>; http: boolean; undici: boolean }> = [
    { env: {}, http: true, undici: true },
    { env: { OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'http' }, http: false, undici: true },
    { env: { OTEL_NODE_DISABLED_INSTRUMENTATIONS: ' fs , HTTP ,undici' }, http: false, undici: false },
    { env: { OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'undici,express' }, http: false, undici: true },
    { env: { OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http', OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'http' }, http: false, undici: false },
    // An empty value is an unset one (the OpenTelemetry configuration rule): everything stays on.
    { env: { OTEL_NODE_ENABLED_INSTRUMENTATIONS: '' }, http: true, undici: true },
    { env: { OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'express,pg' }, http: true, undici: true },
  ];
  for (const c of cases) {
    test(`${JSON.stringify(c.env)} → http ${c.http}, undici ${c.undici}`, () => {
      assert.deepEqual(instrumentationConfigFromEnv(c.env), { http: c.http, undici: c.undici });
    });
  }

  test('readConfig carries them', () => {
    const c = readConfig({ OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'http' });
    assert.equal(c.disabled, false);
    if (!c.disabled) assert.deepEqual(c.instrumentations, { http: false, undici: true });
  });
});
