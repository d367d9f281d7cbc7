/**
 * What a read keeps between requests (a token's access decision, a version's bytes, ETag and
 * Last-Modified) never outlives what it was made from: a token revoked, expired on the
 * sandbox clock or forgotten by a reset is refused after its reads were answered, a token's
 * answer is never another token's, and an updated resource is served with its new version's
 * body and headers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

async function read(t: TestSandbox, path: string, token?: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${t.fhirBase}${path}`, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });
}

async function status(t: TestSandbox, path: string, token?: string): Promise<number> {
  const res = await read(t, path, token);
  await res.arrayBuffer();
  return res.status;
}

describe('a token whose reads were answered', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startSandbox();
  });
  after(() => t.close());

  it('is refused once revoked', async () => {
    const { access_token: token } = await t.sb.issueToken({ patient: 'pat-1', user: 'Patient/pat-1' });
    assert.equal(await status(t, '/Patient/pat-1', token), 200);
    assert.equal(await status(t, '/Patient/pat-1', token), 200);
    const revoked = await fetch(`${t.url}/auth/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, client_id: 'demo-public-app' }),
    });
    assert.equal(revoked.status, 200);
    const res = await read(t, '/Patient/pat-1', token);
    assert.equal(res.status, 401);
    assert.match(res.headers.get('www-authenticate') ?? '', /invalid_token/);
  });

  it('is refused once expired on the sandbox clock', async () => {
    const { access_token: token } = await t.sb.issueToken({ patient: 'pat-1', user: 'Patient/pat-1', expiresIn: 60 });
    assert.equal(await status(t, '/Patient/pat-1', token), 200);
    t.sb.clock.advance(61_000);
    try {
      assert.equal(await status(t, '/Patient/pat-1', token), 401);
    } finally {
      t.sb.clock.advance(-61_000);
    }
  });

  it('gets its own answer, not that of another token asking the same', async () => {
    const mine = (await t.sb.issueToken({ patient: 'pat-1', user: 'Patient/pat-1' })).access_token;
    const theirs = (await t.sb.issueToken({ patient: 'pat-2', user: 'Patient/pat-2' })).access_token;
    assert.equal(await status(t, '/Patient/pat-1', mine), 200);
    assert.equal(await status(t, '/Patient/pat-1', theirs), 403);
    assert.equal(await status(t, '/Patient/pat-2', theirs), 200);
    assert.equal(await status(t, '/Patient/pat-2', mine), 403);
  });

  it('is answered per kind of request: a type its scopes do not name stays refused', async () => {
    const { access_token: token } = await t.sb.issueToken({ patient: 'pat-1', scope: 'launch/patient patient/Patient.rs' });
    assert.equal(await status(t, '/Patient/pat-1', token), 200);
    assert.equal(await status(t, '/Patient/pat-1', token), 200);
    assert.equal(await status(t, '/Observation?patient=pat-1', token), 403);
    assert.equal(await status(t, '/Practitioner/prac-1', token), 403);
  });

  it('is refused after a reset', async () => {
    const { access_token: token } = await t.sb.issueToken({ patient: 'pat-1', user: 'Patient/pat-1' });
    assert.equal(await status(t, '/Patient/pat-1', token), 200);
    await t.sb.reset();
    assert.equal(await status(t, '/Patient/pat-1', token), 401);
  });
});

describe('a resource read before an update', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startSandbox({ open: true });
  });
  after(() => t.close());

  it('is served with the new version: body, ETag and Last-Modified', async () => {
    const first = await read(t, '/Patient/pat-2');
    const before = (await first.json()) as { meta: { versionId: string; lastUpdated: string }; gender: string };
    const again = await read(t, '/Patient/pat-2');
    await again.arrayBuffer();
    assert.equal(again.headers.get('etag'), first.headers.get('etag'));
    assert.equal(again.headers.get('last-modified'), new Date(before.meta.lastUpdated).toUTCString());

    t.sb.clock.advance(120_000);
    try {
      const put = await fetch(`${t.fhirBase}/Patient/pat-2`, {
        method: 'PUT',
        headers: { 'content-type': 'application/fhir+json' },
        body: JSON.stringify({ ...before, gender: 'other' }),
      });
      assert.equal(put.status, 200);
      await put.arrayBuffer();
      const after = await read(t, '/Patient/pat-2');
      const body = (await after.json()) as { meta: { versionId: string; lastUpdated: string }; gender: string };
      assert.equal(body.gender, 'other');
      assert.notEqual(body.meta.versionId, before.meta.versionId);
      assert.equal(after.headers.get('etag'), `W/"${body.meta.versionId}"`);
      assert.notEqual(after.headers.get('last-modified'), first.headers.get('last-modified'));
      assert.equal(after.headers.get('last-modified'), new Date(body.meta.lastUpdated).toUTCString());
      assert.equal(Number(after.headers.get('content-length')), Buffer.byteLength(JSON.stringify(body)));

      // The earlier version is still served as it was.
      const old = await read(t, `/Patient/pat-2/_history/${before.meta.versionId}`);
      assert.equal(((await old.json()) as { gender: string }).gender, before.gender);
      assert.equal(old.headers.get('last-modified'), first.headers.get('last-modified'));
    } finally {
      t.sb.clock.advance(-120_000);
    }
  });

  it('still answers a conditional read of the current version with 304', async () => {
    const current = await read(t, '/Patient/pat-1');
    await current.arrayBuffer();
    const etag = current.headers.get('etag')!;
    const res = await read(t, '/Patient/pat-1', undefined, { 'if-none-match': etag, 'cache-control': 'max-age=0' });
    assert.equal(res.status, 304);
    assert.equal(await res.text(), '');
  });

  it('answers a conditional read made with fetch with 304 (fetch adds Cache-Control: no-cache, a directive to caches, not to the origin server: RFC 9111 §5.2.1.4)', async () => {
    const current = await read(t, '/Patient/pat-1');
    await current.arrayBuffer();
    const etag = current.headers.get('etag')!;
    const lastModified = current.headers.get('last-modified')!;
    for (const headers of [{ 'if-none-match': etag }, { 'if-none-match': `"x", ${etag}` }, { 'if-modified-since': lastModified }, { 'if-none-match': etag, 'cache-control': 'no-cache', pragma: 'no-cache' }] as Record<string, string>[]) {
      const res = await read(t, '/Patient/pat-1', undefined, headers);
      assert.equal(res.status, 304, JSON.stringify(headers));
      assert.equal(res.headers.get('etag'), etag, 'a 304 keeps its validator');
      assert.equal(res.headers.get('content-type'), null);
      assert.equal(await res.text(), '');
    }
    // Another version's tag, or a time before the last change, gets the resource.
    for (const headers of [{ 'if-none-match': 'W/"999"' }, { 'if-modified-since': new Date(Date.parse(lastModified) - 60_000).toUTCString() }, { 'if-none-match': 'W/"999"', 'if-modified-since': lastModified }] as Record<string, string>[]) {
      const res = await read(t, '/Patient/pat-1', undefined, headers);
      assert.equal(res.status, 200, JSON.stringify(headers));
      assert.equal(((await res.json()) as { id: string }).id, 'pat-1');
    }
  });
});

describe('a resource loaded through sb.store.load', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startSandbox({ open: true });
  });
  after(() => t.close());

  it('is the store\'s own copy: a later change to the given object changes neither reads nor searches', async () => {
    const given = {
      resourceType: 'Observation',
      id: 'loaded-once',
      meta: { versionId: '1', lastUpdated: '2024-01-01T00:00:00.000Z' },
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }] },
      subject: { reference: 'Patient/pat-1' },
    };
    t.sb.store.load([given]);
    const first = (await (await read(t, '/Observation/loaded-once')).json()) as typeof given;
    given.status = 'amended';
    given.code.coding[0]!.display = 'Pulse';
    const again = (await (await read(t, '/Observation/loaded-once')).json()) as typeof given;
    assert.deepEqual(again, first);
    assert.equal(t.sb.store.read('Observation', 'loaded-once').status, 'final');
    assert.equal((t.sb.store.read('Observation', 'loaded-once').code as typeof given.code).coding[0]!.display, 'Heart rate');
    const found = (await (await read(t, '/Observation?code:text=Pulse&_id=loaded-once')).json()) as { total?: number };
    assert.equal(found.total, 0);
    const search = (await (await read(t, '/Observation?status=amended&_id=loaded-once')).json()) as { total?: number };
    assert.equal(search.total, 0);
  });
});
