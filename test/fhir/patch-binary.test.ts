import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { createSandbox, type Sandbox } from '../../src/index.js';
import { getTokens } from '../helpers/flows.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { patient } from './fixtures.js';

const FHIR = 'application/fhir+json';
const PATCH = 'application/json-patch+json';

describe('PATCH with a JSON Patch (RFC 6902)', () => {
  let sb: Sandbox;
  let id: string;
  before(async () => {
    sb = await createSandbox({ patients: 0, open: true });
    id = sb.store.create({ ...patient('Patchable'), identifier: [{ system: 'urn:example:mrn', value: 'p-1' }] }).id;
  });
  after(() => sb.close());

  it('applies the operations as a new version, honouring If-Match', async () => {
    const ops = [
      { op: 'test', path: '/gender', value: 'female' },
      { op: 'replace', path: '/name/0/family', value: 'Patched' },
      { op: 'add', path: '/active', value: true },
    ];
    const res = await request(sb.app).patch(`/fhir/Patient/${id}`).set('Content-Type', PATCH).set('If-Match', 'W/"1"').send(JSON.stringify(ops));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.name[0].family, 'Patched');
    assert.equal(res.body.active, true);
    assert.equal(res.body.meta.versionId, '2');
    assert.equal(res.headers.etag, 'W/"2"');
    const stale = await request(sb.app).patch(`/fhir/Patient/${id}`).set('Content-Type', PATCH).set('If-Match', 'W/"1"').send(JSON.stringify(ops.slice(1)));
    assert.equal(stale.status, 412);
  });

  it('fails a test operation with 422 and a malformed patch with 400, changing nothing', async () => {
    const failed = await request(sb.app).patch(`/fhir/Patient/${id}`).set('Content-Type', PATCH).send(JSON.stringify([{ op: 'test', path: '/gender', value: 'male' }]));
    assert.equal(failed.status, 422);
    const malformed = await request(sb.app).patch(`/fhir/Patient/${id}`).set('Content-Type', PATCH).send(JSON.stringify([{ op: 'shuffle', path: '/gender' }]));
    assert.equal(malformed.status, 400);
    const notArray = await request(sb.app).patch(`/fhir/Patient/${id}`).set('Content-Type', PATCH).send(JSON.stringify({ op: 'remove', path: '/gender' }));
    assert.equal(notArray.status, 400);
    const proto = await request(sb.app).patch(`/fhir/Patient/${id}`).set('Content-Type', PATCH).send('[{"op":"add","path":"/__proto__/polluted","value":true}]');
    assert.ok(proto.status >= 400 && proto.status < 500);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(sb.store.read('Patient', id).meta.versionId, '2');
  });

  it('validates the result like an update: an invalid resource or a changed id is refused', async () => {
    const invalid = await request(sb.app).patch(`/fhir/Patient/${id}`).set('Content-Type', PATCH).send(JSON.stringify([{ op: 'add', path: '/gender', value: 42 }]));
    assert.equal(invalid.status, 400);
    const newId = await request(sb.app).patch(`/fhir/Patient/${id}`).set('Content-Type', PATCH).send(JSON.stringify([{ op: 'replace', path: '/id', value: 'other' }]));
    assert.equal(newId.status, 400);
    const dangling = await request(sb.app)
      .patch(`/fhir/Patient/${id}`)
      .set('Content-Type', PATCH)
      .send(JSON.stringify([{ op: 'add', path: '/generalPractitioner', value: [{ reference: 'Practitioner/nobody' }] }]));
    assert.equal(dangling.status, 400);
  });

  it('takes only application/json-patch+json (415 otherwise), and patches conditionally', async () => {
    const wrongType = await request(sb.app).patch(`/fhir/Patient/${id}`).set('Content-Type', FHIR).send(JSON.stringify([]));
    assert.equal(wrongType.status, 415);
    const conditional = await request(sb.app)
      .patch('/fhir/Patient?identifier=urn:example:mrn|p-1')
      .set('Content-Type', PATCH)
      .send(JSON.stringify([{ op: 'replace', path: '/birthDate', value: '1990-01-01' }]));
    assert.equal(conditional.status, 200);
    assert.equal(conditional.body.id, id);
    await request(sb.app).patch('/fhir/Patient?identifier=urn:example:mrn|none').set('Content-Type', PATCH).send('[]').expect(404);
  });

  it('runs a PATCH entry of a transaction, its patch carried in a Binary', async () => {
    const data = Buffer.from(JSON.stringify([{ op: 'replace', path: '/gender', value: 'other' }])).toString('base64');
    const res = await request(sb.app)
      .post('/fhir')
      .set('Content-Type', FHIR)
      .send({ resourceType: 'Bundle', type: 'transaction', entry: [{ resource: { resourceType: 'Binary', contentType: PATCH, data }, request: { method: 'PATCH', url: `Patient/${id}` } }] });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(sb.store.read('Patient', id).gender, 'other');
  });

  it('lists patch among the interactions of the CapabilityStatement', async () => {
    const res = await request(sb.app).get('/fhir/metadata').expect(200);
    const entry = res.body.rest[0].resource.find((r: { type: string }) => r.type === 'Patient');
    assert.ok(entry.interaction.some((i: { code: string }) => i.code === 'patch'));
  });
});

describe('PATCH under a token is checked like an update', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startSandbox();
  });
  after(() => t.close());

  it("refuses to patch another patient's record and a token without update permission", async () => {
    const rw = (await getTokens(t, { scope: 'launch/patient openid fhirUser patient/*.cruds' }, { patient: 'pat-1' })).access_token;
    const ro = (await getTokens(t, { scope: 'launch/patient openid fhirUser patient/*.rs' }, { patient: 'pat-1' })).access_token;
    const send = (token: string, path: string): Promise<Response> =>
      fetch(`${t.fhirBase}${path}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${token}`, 'content-type': PATCH },
        body: JSON.stringify([{ op: 'replace', path: '/status', value: 'cancelled' }]),
      });
    assert.equal((await send(rw, '/Encounter/enc-3')).status, 403);
    assert.equal((await send(ro, '/Encounter/enc-1')).status, 403);
    assert.equal((await send(rw, '/Encounter/enc-1')).status, 200);
    assert.equal(t.sb.store.read('Encounter', 'enc-3').meta.versionId, '1');
  });
});

describe('Binary in its own content type', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await createSandbox({ patients: 0, open: true, bodyLimit: 2048 });
  });
  after(() => sb.close());

  it('stores raw bytes of any content type and returns them as they came', async () => {
    const created = await request(sb.app).post('/fhir/Binary').set('Content-Type', 'text/plain').send('hello, binary');
    assert.equal(created.status, 201);
    assert.equal(created.body.contentType, 'text/plain');
    assert.equal(Buffer.from(created.body.data, 'base64').toString(), 'hello, binary');
    const native = await request(sb.app).get(`/fhir/Binary/${created.body.id}`).set('Accept', 'text/plain');
    assert.equal(native.status, 200);
    assert.match(native.headers['content-type']!, /^text\/plain/);
    assert.equal(native.text, 'hello, binary');
    assert.equal(native.headers['x-content-type-options'], 'nosniff');
    assert.equal(native.headers['content-security-policy'], 'sandbox');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
    const image = await request(sb.app).put('/fhir/Binary/img-1').set('Content-Type', 'image/png').send(png);
    assert.equal(image.status, 201);
    const bytes = await request(sb.app).get('/fhir/Binary/img-1').set('Accept', 'image/png').buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    assert.deepEqual(bytes.body, png);
    // A conditional read of the native bytes: 304 while the version is current (R4 http.html, conditional read).
    const etag = bytes.headers.etag as string;
    assert.ok(etag);
    const again = await request(sb.app).get('/fhir/Binary/img-1').set('Accept', 'image/png').set('If-None-Match', etag).set('Cache-Control', 'no-cache');
    assert.equal(again.status, 304);
    assert.equal(again.headers.etag, etag);
    assert.equal(again.headers['content-type'], undefined);
    const other = await request(sb.app).get('/fhir/Binary/img-1').set('Accept', 'image/png').set('If-None-Match', 'W/"999"');
    assert.equal(other.status, 200);
  });

  it('returns the Binary resource when FHIR JSON is asked for', async () => {
    const created = await request(sb.app).post('/fhir/Binary').set('Content-Type', 'application/pdf').send(Buffer.from('%PDF-1.4'));
    const res = await request(sb.app).get(`/fhir/Binary/${created.body.id}`).set('Accept', FHIR).expect(200);
    assert.equal(res.body.resourceType, 'Binary');
    assert.equal(res.body.contentType, 'application/pdf');
    await request(sb.app).get(`/fhir/Binary/${created.body.id}?_format=json`).expect(200).expect('Content-Type', /fhir\+json/);
  });

  it('limits the body size (413) and still takes a Binary resource as FHIR JSON', async () => {
    const big = await request(sb.app).post('/fhir/Binary').set('Content-Type', 'application/octet-stream').send(Buffer.alloc(4096));
    assert.equal(big.status, 413);
    const resource = await request(sb.app).post('/fhir/Binary').set('Content-Type', FHIR).send({ resourceType: 'Binary', contentType: 'text/csv', data: Buffer.from('a,b').toString('base64') });
    assert.equal(resource.status, 201);
  });
});
