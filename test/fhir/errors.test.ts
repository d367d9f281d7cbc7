import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { createSandbox, type Sandbox } from '../../src/index.js';
import { leaksInternals, patient } from './fixtures.js';

const FHIR = 'application/fhir+json';

function assertOutcome(res: request.Response, status: number, code?: string): void {
  assert.equal(res.status, status, res.text);
  assert.match(res.headers['content-type'] ?? '', /^application\/fhir\+json/);
  assert.equal(res.body.resourceType, 'OperationOutcome');
  assert.ok(res.body.issue.length > 0);
  if (code) assert.equal(res.body.issue[0].code, code);
  assert.ok(!leaksInternals(res.text), `no internals in ${res.text}`);
}

describe('FHIR errors are OperationOutcomes with the right status, and change nothing', () => {
  let sb: Sandbox;
  let existing: string;
  before(async () => {
    sb = await createSandbox({ patients: 0, bodyLimit: 2048, open: true });
    existing = sb.store.create(patient('Existing')).id;
  });
  after(() => sb.close());

  it('404 for an unknown type and an unknown id', async () => {
    assertOutcome(await request(sb.app).get('/fhir/Patinet/1'), 404, 'not-found');
    assertOutcome(await request(sb.app).get('/fhir/Patient/nope'), 404, 'not-found');
  });

  it('400 for an invalid id in the URL, or a malformed escape', async () => {
    assertOutcome(await request(sb.app).get('/fhir/Patient/bad%20id!'), 400);
    assertOutcome(await request(sb.app).get('/fhir/Patient/%E0%A4%A'), 400);
    // Paths match without regard to case, as Express routes them: still the FHIR API's own error.
    assertOutcome(await request(sb.app).get('/FHIR/Patient/%E0%A4%A'), 400);
    assertOutcome(await request(sb.app).get('/Fhir/Patient/%zz'), 400);
  });

  it('400 for a body that is not JSON', async () => {
    const before = sb.store.count();
    assertOutcome(await request(sb.app).post('/fhir/Patient').set('Content-Type', FHIR).send('{"resourceType": "Patient",'), 400);
    assert.equal(sb.store.count(), before);
  });

  it('400 naming each invalid element by path, and nothing stored', async () => {
    const before = sb.store.count();
    const res = await request(sb.app)
      .post('/fhir/Patient')
      .set('Content-Type', FHIR)
      .send({ resourceType: 'Patient', gender: 'robot', name: [{ family: 7 }], colour: 'blue' });
    assertOutcome(res, 400);
    const paths = res.body.issue.flatMap((i: { expression?: string[] }) => i.expression ?? []);
    assert.ok(paths.includes('Patient.gender'), JSON.stringify(paths));
    assert.ok(paths.includes('Patient.name[0].family'), JSON.stringify(paths));
    assert.ok(res.body.issue.some((i: { diagnostics: string }) => i.diagnostics.includes("unknown element 'colour'")));
    assert.equal(sb.store.count(), before);
  });

  it('400 when the body type or id disagree with the URL', async () => {
    assertOutcome(await request(sb.app).post('/fhir/Patient').set('Content-Type', FHIR).send({ resourceType: 'Observation' }), 400);
    assertOutcome(
      await request(sb.app).put(`/fhir/Patient/${existing}`).set('Content-Type', FHIR).send({ ...patient('X'), id: 'other' }),
      400,
    );
    assertOutcome(await request(sb.app).put(`/fhir/Patient/${existing}`).set('Content-Type', FHIR).send(patient('No id')), 400);
    assert.equal(sb.store.read('Patient', existing).meta.versionId, '1');
  });

  it('413 for a body over the limit', async () => {
    const big = { ...patient('Big'), text: { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">${'x'.repeat(4096)}</div>` } };
    assertOutcome(await request(sb.app).post('/fhir/Patient').set('Content-Type', FHIR).send(big), 413, 'too-long');
  });

  it('415 for a body that is not FHIR JSON', async () => {
    assertOutcome(await request(sb.app).post('/fhir/Patient').set('Content-Type', 'application/fhir+xml').send('<Patient/>'), 415);
    assertOutcome(await request(sb.app).post('/fhir/Patient').set('Content-Type', 'text/plain').send('hello'), 415);
  });

  it('406 when only XML is acceptable, by Accept or _format', async () => {
    assertOutcome(await request(sb.app).get(`/fhir/Patient/${existing}`).set('Accept', 'application/fhir+xml'), 406);
    assertOutcome(await request(sb.app).get(`/fhir/Patient/${existing}?_format=xml`), 406);
    await request(sb.app).get(`/fhir/Patient/${existing}`).set('Accept', 'application/json').expect(200).expect('Content-Type', /^application\/json/);
    await request(sb.app).get(`/fhir/Patient/${existing}?_format=json`).expect(200);
  });

  it('405 with Allow for a method the path does not take', async () => {
    const res = await request(sb.app).delete('/fhir/Patient/_history');
    assertOutcome(res, 405);
    assert.equal(res.headers.allow, 'GET');
    assertOutcome(await request(sb.app).post(`/fhir/Patient/${existing}`).set('Content-Type', FHIR).send(patient('Y')), 405);
  });

  it('400 for a bad _count, and for unknown parameters only under Prefer: handling=strict', async () => {
    assertOutcome(await request(sb.app).get('/fhir/Patient/_history?_count=-1'), 400);
    await request(sb.app).get('/fhir/Patient?colour=blue').expect(200);
    assertOutcome(await request(sb.app).get('/fhir/Patient?colour=blue').set('Prefer', 'handling=strict'), 400);
  });

  it('answers CORS preflights and exposes Location and ETag to browser apps', async () => {
    const pre = await request(sb.app)
      .options('/fhir/Patient')
      .set('Origin', 'http://app.example')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization, content-type')
      .expect(204);
    assert.equal(pre.headers['access-control-allow-origin'], '*');
    assert.match(pre.headers['access-control-allow-headers']!, /authorization/i);
    // PATCH is not a CORS-safelisted method: a browser sends it only when the preflight names it.
    const patch = await request(sb.app)
      .options(`/fhir/Patient/${existing}`)
      .set('Origin', 'http://app.example')
      .set('Access-Control-Request-Method', 'PATCH')
      .set('Access-Control-Request-Headers', 'authorization, content-type')
      .expect(204);
    const methods = patch.headers['access-control-allow-methods']!.split(/,\s*/);
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) assert.ok(methods.includes(method), `${method} in ${methods.join(', ')}`);
    const res = await request(sb.app).get(`/fhir/Patient/${existing}`).set('Origin', 'http://app.example').expect(200);
    assert.equal(res.headers['access-control-allow-origin'], '*');
    assert.match(res.headers['access-control-expose-headers']!, /ETag/);
  });
});
