import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getTokens } from '../helpers/flows.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const LAB = 'http://terminology.hl7.org/CodeSystem/observation-category|laboratory';

type Entry = { resource: { resourceType: string; id: string }; search?: { mode: string } };
type Bundle = { total: number; entry?: Entry[]; link: { relation: string; url: string }[] };

describe('every FHIR request is checked against its token', () => {
  let t: TestSandbox;
  const fhir = (path: string, token?: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${t.fhirBase}${path}`, {
      ...init,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers as Record<string, string>) },
    });
  const json = async <T = Record<string, unknown>>(res: Response): Promise<T> => (await res.json()) as T;
  const ids = (bundle: Bundle): string[] => (bundle.entry ?? []).filter((e) => e.search?.mode !== 'outcome').map((e) => `${e.resource.resourceType}/${e.resource.id}`);

  let patientToken: string;
  before(async () => {
    t = await startSandbox();
    const { store } = t.sb;
    store.load([
      {
        resourceType: 'Observation',
        id: 'obs-lab-2',
        status: 'final',
        category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }],
        code: { coding: [{ system: 'http://loinc.org', code: '2345-7' }] },
        subject: { reference: 'Patient/pat-2' },
      },
    ]);
    patientToken = (await getTokens(t, { scope: 'launch/patient openid fhirUser patient/*.rs' }, { patient: 'pat-1' })).access_token;
  });
  after(() => t.close());

  describe('authentication', () => {
    it('answers a request without a token with exactly 401 and a Bearer realm challenge', async () => {
      const res = await fhir('/Patient/pat-1');
      assert.equal(res.status, 401);
      assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer realm="[^"]+"$/);
      assert.equal((await json(res)).resourceType, 'OperationOutcome');
    });

    it('serves the CapabilityStatement without a token', async () => {
      assert.equal((await fhir('/metadata')).status, 200);
    });

    it('checks the token before the path: without one, an unknown type or id is 401 too; with one, 404', async () => {
      for (const path of ['/NotAType', '/Patient/no-such-patient', '/Patient/pat-1/$everything', '/Patient/bad%id']) {
        assert.equal((await fhir(path)).status, 401, path);
      }
      assert.equal((await fhir('/NotAType', patientToken)).status, 404);
      assert.equal((await fhir('/metadata', undefined, { method: 'POST' })).status, 405, 'metadata answers its own errors without a token');
    });

    it('answers a malformed Authorization header with 400 invalid_request', async () => {
      for (const header of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer two tokens']) {
        const res = await fhir('/Patient/pat-1', undefined, { headers: { authorization: header } });
        assert.equal(res.status, 400, header);
        assert.match(res.headers.get('www-authenticate') ?? '', /error="invalid_request"/);
      }
    });

    it('answers unknown and tampered tokens with 401 invalid_token', async () => {
      const [head, body, sig] = patientToken.split('.') as [string, string, string];
      const flipped = sig.slice(0, -2) + (sig.at(-2) === 'A' ? 'B' : 'A') + sig.at(-1);
      const otherBody = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), patient: 'pat-2' })).toString('base64url');
      for (const token of ['not-a-token', `${head}.${body}.${flipped}`, `${head}.${otherBody}.${sig}`]) {
        const res = await fhir('/Patient/pat-1', token);
        assert.equal(res.status, 401);
        assert.match(res.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
        assert.equal((await json(res)).resourceType, 'OperationOutcome');
      }
    });

    it('refuses a token meant for another server (aud) with 401', async () => {
      const other = await startSandbox();
      try {
        const res = await fetch(`${other.fhirBase}/Patient/pat-1`, { headers: { authorization: `Bearer ${patientToken}` } });
        assert.equal(res.status, 401);
        // Same server, other public base: the token's aud no longer matches.
        const viaLocalhost = await fetch(`${t.fhirBase.replace('127.0.0.1', 'localhost')}/Patient/pat-1`, {
          headers: { authorization: `Bearer ${patientToken}` },
        });
        assert.equal(viaLocalhost.status, 401);
        assert.match(viaLocalhost.headers.get('www-authenticate') ?? '', /invalid_token/);
      } finally {
        await other.close();
      }
    });

    it('refuses a revoked token and an expired one with 401', async () => {
      const revoked = (await getTokens(t, { scope: 'launch/patient patient/*.rs' }, { patient: 'pat-1' })).access_token;
      assert.equal((await fhir('/Patient/pat-1', revoked)).status, 200);
      await fetch(`${t.url}/auth/revoke`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${revoked}&client_id=demo-public-app` });
      assert.equal((await fhir('/Patient/pat-1', revoked)).status, 401);

      const expiring = (await getTokens(t, { scope: 'launch/patient patient/*.rs' }, { patient: 'pat-1' })).access_token;
      assert.equal((await fhir('/Patient/pat-1', expiring)).status, 200);
      t.sb.clock.advance(2 * 60 * 60 * 1000);
      try {
        const res = await fhir('/Patient/pat-1', expiring);
        assert.equal(res.status, 401);
        assert.match(res.headers.get('www-authenticate') ?? '', /invalid_token/);
      } finally {
        t.sb.clock.advance(-2 * 60 * 60 * 1000);
      }
    });
  });

  describe('patient/ scopes: the patient compartment', () => {
    it('reads the patient in context and refuses another patient with 403', async () => {
      assert.equal((await fhir('/Patient/pat-1', patientToken)).status, 200);
      const other = await fhir('/Patient/pat-2', patientToken);
      assert.equal(other.status, 403);
      assert.match(other.headers.get('www-authenticate') ?? '', /insufficient_scope/);
      assert.equal((await fhir('/Observation/obs-lab-2', patientToken)).status, 403);
    });

    it('limits searches to the compartment; an explicit search for another patient finds nothing', async () => {
      const mine = await json<Bundle>(await fhir('/Observation', patientToken));
      assert.deepEqual(ids(mine).sort(), ['Observation/obs-lab-1', 'Observation/obs-vital-1']);
      const theirs = await json<Bundle>(await fhir('/Observation?patient=pat-2', patientToken));
      assert.equal(theirs.total, 0);
      const patients = await json<Bundle>(await fhir('/Patient', patientToken));
      assert.deepEqual(ids(patients), ['Patient/pat-1']);
    });

    it('reads resources outside any patient compartment (Practitioner) under patient/ scopes', async () => {
      assert.equal((await fhir('/Practitioner/prac-2', patientToken)).status, 200);
    });

    it('keeps next links within the token: page 2 is as limited as page 1', async () => {
      const page1 = await json<Bundle>(await fhir('/Observation?_count=1', patientToken));
      assert.equal(page1.total, 2);
      const next = page1.link.find((l) => l.relation === 'next')!.url;
      assert.doesNotMatch(next, /pat-1|compartment/);
      const page2 = await json<Bundle>(await fetch(next, { headers: { authorization: `Bearer ${patientToken}` } }));
      assert.equal(page2.total, 2);
      assert.equal(ids(page2).length, 1);
      assert.notDeepEqual(ids(page2), ids(page1));
      assert.equal((await fetch(next)).status, 401);
    });

    it('refuses _include of a type outside the grant, and includes what it allows', async () => {
      const narrow = (await getTokens(t, { scope: 'launch/patient patient/Observation.rs' }, { patient: 'pat-1' })).access_token;
      const bundle = await json<Bundle>(await fhir('/Observation?_include=Observation:patient', narrow));
      assert.deepEqual(ids(bundle).sort(), ['Observation/obs-lab-1', 'Observation/obs-vital-1']);
      const wide = await json<Bundle>(await fhir('/Observation?_include=Observation:patient', patientToken));
      assert.ok(ids(wide).includes('Patient/pat-1'));
    });

    it('refuses records of types outside the compartment that point at another patient (Device, Task)', async () => {
      t.sb.store.load([
        { resourceType: 'Device', id: 'dev-p2', patient: { reference: 'Patient/pat-2' } },
        { resourceType: 'Device', id: 'dev-free' },
        { resourceType: 'Task', id: 'task-p2', status: 'requested', intent: 'order', for: { reference: 'Patient/pat-2' } },
      ]);
      assert.equal((await fhir('/Device/dev-p2', patientToken)).status, 403);
      assert.equal((await fhir('/Task/task-p2', patientToken)).status, 403);
      assert.equal((await fhir('/Device/dev-free', patientToken)).status, 200);
      assert.deepEqual(ids(await json<Bundle>(await fhir('/Device?patient=pat-2', patientToken))), []);
    });

    it('shows in history only the versions the token may see, and answers 403 (not 410) for others\' deleted records', async () => {
      const { store } = t.sb;
      const moved = store.create({ resourceType: 'Observation', status: 'final', code: { text: 'secret' }, subject: { reference: 'Patient/pat-2' } });
      store.update({ ...moved, subject: { reference: 'Patient/pat-1' } });
      const history = await json<Bundle>(await fhir(`/Observation/${moved.id}/_history`, patientToken));
      assert.equal(history.total, 1);
      assert.equal((await fhir(`/Observation/${moved.id}/_history/1`, patientToken)).status, 403);
      const typeHistory = await json<Bundle>(await fhir('/Observation/_history', patientToken));
      assert.ok(!ids(typeHistory).includes('Observation/obs-lab-2'));
      const gone = store.create({ resourceType: 'Observation', status: 'final', code: { text: 'x' }, subject: { reference: 'Patient/pat-2' } });
      store.delete('Observation', gone.id);
      assert.equal((await fhir(`/Observation/${gone.id}`, patientToken)).status, 403);
    });

    it('keeps the id_token\'s fhirUser readable when the patient in context is someone else', async () => {
      const token = (await getTokens(t, { scope: 'launch/patient openid fhirUser patient/*.rs' }, { user: 'Patient/pat-1', patient: 'child-1' })).access_token;
      assert.equal((await fhir('/Patient/pat-1', token)).status, 200);
      assert.equal((await fhir('/Patient/pat-2', token)).status, 403);
    });

    it('creates only inside the compartment', async () => {
      const writer = (await getTokens(t, { scope: 'launch/patient patient/Observation.crs' }, { patient: 'pat-1' })).access_token;
      const obs = (patient: string) => ({
        resourceType: 'Observation',
        status: 'final',
        code: { text: 'note' },
        subject: { reference: `Patient/${patient}` },
      });
      const post = (body: unknown) => fhir('/Observation', writer, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(body) });
      const before = t.sb.store.count('Observation');
      assert.equal((await post(obs('pat-2'))).status, 403);
      assert.equal(t.sb.store.count('Observation'), before);
      assert.equal((await post(obs('pat-1'))).status, 201);
    });

    it('applies the same rules to each entry of a batch', async () => {
      const res = await fhir('', patientToken, {
        method: 'POST',
        headers: { 'content-type': 'application/fhir+json' },
        body: JSON.stringify({
          resourceType: 'Bundle',
          type: 'batch',
          entry: [{ request: { method: 'GET', url: 'Patient/pat-1' } }, { request: { method: 'GET', url: 'Patient/pat-2' } }],
        }),
      });
      const body = await json<{ entry: { response: { status: string } }[] }>(res);
      assert.deepEqual(body.entry.map((e) => e.response.status), ['200 OK', '403']);
    });
  });

  describe('permissions per interaction', () => {
    it('refuses an interaction no scope grants with 403 naming the scope that would allow it', async () => {
      const res = await fhir('/Observation', patientToken, {
        method: 'POST',
        headers: { 'content-type': 'application/fhir+json' },
        body: JSON.stringify({ resourceType: 'Observation', status: 'final', code: { text: 'x' }, subject: { reference: 'Patient/pat-1' } }),
      });
      assert.equal(res.status, 403);
      const outcome = await json<{ issue: { code: string; diagnostics: string }[] }>(res);
      assert.equal(outcome.issue[0]!.code, 'forbidden');
      assert.match(outcome.issue[0]!.diagnostics, /patient\/Observation\.c/);
      assert.match(res.headers.get('www-authenticate') ?? '', /error="insufficient_scope"/);
    });

    it('never lets write imply read', async () => {
      const writeOnly = (await getTokens(t, { scope: 'launch/patient patient/Observation.cud' }, { patient: 'pat-1' })).access_token;
      assert.equal((await fhir('/Observation/obs-lab-1', writeOnly)).status, 403);
      assert.equal((await fhir('/Observation', writeOnly)).status, 403);
    });

    it('separates read from search', async () => {
      const readOnly = (await getTokens(t, { scope: 'launch/patient patient/Observation.r' }, { patient: 'pat-1' })).access_token;
      assert.equal((await fhir('/Observation/obs-lab-1', readOnly)).status, 200);
      assert.equal((await fhir('/Observation', readOnly)).status, 403);
      const post = await fhir('/Observation/_search', readOnly, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
      assert.equal(post.status, 403);
    });

    it('maps v1 read to read and search, and refuses writes', async () => {
      const v1 = (await getTokens(t, { scope: 'launch/patient patient/*.read' }, { patient: 'pat-1' })).access_token;
      assert.equal((await fhir('/Condition/cond-1', v1)).status, 200);
      assert.equal((await fhir('/Condition', v1)).status, 200);
      assert.equal((await fhir('/Condition/cond-1', v1, { method: 'DELETE' })).status, 403);
    });
  });

  describe('granular category scopes', () => {
    it('filters searches to the granted categories and refuses reads outside them', async () => {
      const scope = `launch/patient patient/Observation.rs?category=${LAB}`;
      const token = (await getTokens(t, { scope }, { patient: 'pat-1', scopes: [`patient/Observation.rs?category=${LAB}`, 'launch/patient'] })).access_token;
      const bundle = await json<Bundle>(await fhir('/Observation', token));
      assert.deepEqual(ids(bundle), ['Observation/obs-lab-1']);
      assert.equal(bundle.total, 1);
      assert.equal((await fhir('/Observation/obs-lab-1', token)).status, 200);
      assert.equal((await fhir('/Observation/obs-vital-1', token)).status, 403);
      const vitals = await json<Bundle>(await fhir('/Observation?category=vital-signs', token));
      assert.equal(vitals.total, 0);
    });
  });

  describe('user/ scopes', () => {
    it('reach only the patient user\'s own record, and a parent only their child', async () => {
      const patientUser = (await getTokens(t, { scope: 'openid fhirUser user/*.rs' }, { user: 'Patient/pat-2' })).access_token;
      const patients = await json<Bundle>(await fhir('/Patient', patientUser));
      assert.deepEqual(ids(patients), ['Patient/pat-2']);
      assert.deepEqual(ids(await json<Bundle>(await fhir('/Observation', patientUser))), ['Observation/obs-lab-2']);
      assert.equal((await fhir('/Observation/obs-lab-1', patientUser)).status, 403);
      assert.equal((await fhir('/Practitioner/prac-1', patientUser)).status, 200);

      const parent = (await getTokens(t, { scope: 'openid fhirUser user/*.rs' }, { user: 'RelatedPerson/rp-1' })).access_token;
      assert.deepEqual(ids(await json<Bundle>(await fhir('/Patient', parent))), ['Patient/child-1']);
      assert.equal((await fhir('/Patient/pat-1', parent)).status, 403);
    });

    it('reach only a practitioner\'s own patients with ownPatientsOnly', async () => {
      const own = await startSandbox({ ownPatientsOnly: true });
      try {
        own.sb.store.load([
          { resourceType: 'Patient', id: 'pat-9', name: [{ family: 'Own' }], generalPractitioner: [{ reference: 'Practitioner/prac-2' }] },
          { resourceType: 'Encounter', id: 'enc-9', status: 'finished', class: { code: 'AMB' }, subject: { reference: 'Patient/pat-2' }, participant: [{ individual: { reference: 'Practitioner/prac-2' } }] },
        ]);
        const token = (await getTokens(own, { scope: 'openid fhirUser user/*.rs' }, { user: 'Practitioner/prac-2' })).access_token;
        const res = await fetch(`${own.fhirBase}/Patient`, { headers: { authorization: `Bearer ${token}` } });
        assert.deepEqual(ids(await json<Bundle>(res)).sort(), ['Patient/pat-2', 'Patient/pat-9']);
        const other = await fetch(`${own.fhirBase}/Patient/pat-1`, { headers: { authorization: `Bearer ${token}` } });
        assert.equal(other.status, 403);
      } finally {
        await own.close();
      }
    });

    it('see every patient for a practitioner by default', async () => {
      const token = (await getTokens(t, { scope: 'openid fhirUser user/*.rs' }, { user: 'Practitioner/prac-1' })).access_token;
      const patients = await json<Bundle>(await fhir('/Patient', token));
      assert.deepEqual(ids(patients).sort(), ['Patient/child-1', 'Patient/pat-1', 'Patient/pat-2']);
      assert.equal((await fhir('/Observation/obs-lab-2', token)).status, 200);
    });
  });

  describe('open mode', () => {
    it('serves the FHIR API without tokens when the sandbox is open', async () => {
      const open = await startSandbox({ open: true });
      try {
        assert.equal((await fetch(`${open.fhirBase}/Patient/pat-2`)).status, 200);
      } finally {
        await open.close();
      }
    });
  });
});
