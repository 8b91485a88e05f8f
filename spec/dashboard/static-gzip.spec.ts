/**
 * The package ships the page's files gzipped (`app.js.gz`): the server sends
 * them as they are to a client that accepts gzip, inflates them for one that
 * does not, and still prefers a plain file when one exists (a source checkout).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { startDashboardServer } from '../../lib/dashboard.js';
import type { DashboardHandle } from '../../lib/dashboard.js';
import { acceptsGzip } from '../../lib/dashboard/static-files.js';
import { rawRequest } from './helpers.js';

const APP = 'export const shipped = "gzipped page";\n';
const PLAIN = 'body{color:red}';

let dash: DashboardHandle;

before(async () => {
  const staticDir = mkdtempSync(join(tmpdir(), 'zerotel-static-gz-'));
  writeFileSync(join(staticDir, 'index.html.gz'), gzipSync('<!doctype html><title>zerotel</title>'));
  writeFileSync(join(staticDir, 'app.js.gz'), gzipSync(APP));
  writeFileSync(join(staticDir, 'style.css'), PLAIN);
  writeFileSync(join(staticDir, 'style.css.gz'), gzipSync('/* never sent: the plain file wins */'));
  dash = await startDashboardServer({ port: 0, inProcess: false, staticDir });
});
after(() => dash.close());

describe('the page shipped gzipped', () => {
  test('a client accepting gzip gets the .gz bytes as they are, marked Content-Encoding: gzip', async () => {
    const r = await rawRequest(`${dash.url}app.js`, { headers: { 'accept-encoding': 'gzip, deflate' } });
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-encoding'], 'gzip');
    assert.match(String(r.headers['content-type']), /^text\/javascript/);
    assert.match(String(r.headers['vary']), /accept-encoding/i);
    assert.equal(gunzipSync(r.body).toString(), APP);
  });

  test('a client that does not accept gzip gets the file inflated', async () => {
    const variants: Record<string, string>[] = [{}, { 'accept-encoding': 'identity' }, { 'accept-encoding': 'gzip;q=0, br' }];
    for (const headers of variants) {
      const r = await rawRequest(`${dash.url}app.js`, { headers });
      assert.equal(r.status, 200);
      assert.equal(r.headers['content-encoding'], undefined, JSON.stringify(headers));
      assert.equal(r.body.toString(), APP, JSON.stringify(headers));
    }
  });

  test('/ serves index.html from index.html.gz', async () => {
    const r = await rawRequest(dash.url, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(r.status, 200);
    assert.match(gunzipSync(r.body).toString(), /<title>zerotel<\/title>/);
  });

  test('a plain file is preferred over its .gz (a source checkout serves its readable files)', async () => {
    const r = await rawRequest(`${dash.url}style.css`, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(r.headers['content-encoding'], undefined);
    assert.equal(r.body.toString(), PLAIN);
  });

  test('HEAD answers the gzipped length without a body', async () => {
    const r = await rawRequest(`${dash.url}app.js`, { method: 'HEAD', headers: { 'accept-encoding': 'gzip' } });
    assert.equal(r.status, 200);
    assert.equal(Number(r.headers['content-length']), gzipSync(APP).byteLength);
    assert.equal(r.body.byteLength, 0);
  });
});

describe('acceptsGzip reads Accept-Encoding', () => {
  test('gzip, *, and q-values', () => {
    assert.equal(acceptsGzip('gzip'), true);
    assert.equal(acceptsGzip('deflate, GZIP;q=0.5'), true);
    assert.equal(acceptsGzip('*'), true);
    assert.equal(acceptsGzip('gzip;q=0'), false);
    assert.equal(acceptsGzip('br, deflate'), false);
    assert.equal(acceptsGzip(''), false);
    assert.equal(acceptsGzip(undefined), false);
  });
});
