/**
 * No prototype games: a member or form field named `__proto__`, `constructor` or `prototype`,
 * at any depth of any body, is refused before anything reads it: a 400 OperationOutcome from
 * the FHIR API (in a transaction as in a direct POST), `invalid_request` from the token,
 * introspection and revocation endpoints, `invalid_client_metadata` from registration, and
 * the HTML error page from the login pages. Nothing is stored.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getTokens } from '../helpers/flows.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { FHIR_JSON, FORM, fhir, storeFingerprint } from './helpers.js';

const OBSERVATION = '"resourceType":"Observation","status":"final","code":{"text":"x"},"subject":{"reference":"Patient/pat-1"}';
const FOREIGN = '{"performer":[{"reference":"Patient/pat-2"}]}';

/** Hostile JSON texts (written by hand: JSON.stringify would drop a `__proto__` member). */
const HOSTILE_RESOURCES: Record<string, string> = {
  '__proto__ at the top': `{${OBSERVATION},"__proto__":${FOREIGN}}`,
  'constructor.prototype': `{${OBSERVATION},"constructor":{"prototype":${FOREIGN}}}`,
  'a plain constructor member': `{${OBSERVATION},"constructor":{"name":"x"}}`,
  'prototype deep in an extension': `{${OBSERVATION},"extension":[{"url":"http://example.org/x","extension":[{"url":"y","prototype":${FOREIGN}}]}]}`,
  '__proto__ inside a component': `{${OBSERVATION},"component":[{"code":{"text":"c"},"__proto__":{"valueString":"x"}}]}`,
};

describe('no prototype games in any body', () => {
  let t: TestSandbox;
  let token: string;
  before(async () => {
    t = await startSandbox();
    token = (await getTokens(t, { scope: 'launch/patient patient/*.cruds' }, { patient: 'pat-1' })).access_token;
  });
  after(() => t.close());

  it('refuses each hostile FHIR resource with a 400 OperationOutcome, direct and in a transaction or batch', async () => {
    for (const [name, text] of Object.entries(HOSTILE_RESOURCES)) {
      const before = storeFingerprint(t.sb);
      const direct = await fhir(t, '/Observation', token, { method: 'POST', headers: FHIR_JSON, body: text });
      assert.equal(direct.status, 400, `${name}: ${direct.text}`);
      assert.equal(direct.body.resourceType, 'OperationOutcome', name);
      const put = await fhir(t, '/Observation/obs-lab-1', token, { method: 'PUT', headers: FHIR_JSON, body: text.replace('{', '{"id":"obs-lab-1",') });
      assert.equal(put.status, 400, `${name} (update): ${put.text}`);
      for (const type of ['transaction', 'batch']) {
        const bundle = `{"resourceType":"Bundle","type":"${type}","entry":[{"fullUrl":"urn:uuid:a","resource":${text},"request":{"method":"POST","url":"Observation"}}]}`;
        const reply = await fhir(t, '', token, { method: 'POST', headers: FHIR_JSON, body: bundle });
        assert.equal(reply.status, 400, `${name} (${type}): ${reply.text}`);
        assert.equal(reply.body.resourceType, 'OperationOutcome');
      }
      const entryLevel = `{"resourceType":"Bundle","type":"transaction","entry":[{"fullUrl":"urn:uuid:a","__proto__":{"resource":{${OBSERVATION}}},"request":{"method":"POST","url":"Observation"}}]}`;
      assert.equal((await fhir(t, '', token, { method: 'POST', headers: FHIR_JSON, body: entryLevel })).status, 400, 'on a Bundle entry');
      assert.equal(storeFingerprint(t.sb), before, `${name}: nothing stored`);
    }
  });

  it('refuses such a field in a POST _search form with a 400 OperationOutcome', async () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const reply = await fhir(t, '/Observation/_search', token, { method: 'POST', headers: FORM, body: `code=x&${key}=1` });
      assert.equal(reply.status, 400, `${key}: ${reply.text}`);
      assert.equal(reply.body.resourceType, 'OperationOutcome');
    }
  });

  it('answers invalid_request at the token, introspection and revocation endpoints', async () => {
    const grants = t.sb.clients.list().length;
    for (const path of ['/auth/token', '/auth/introspect', '/auth/revoke']) {
      for (const key of ['__proto__', 'constructor', 'prototype']) {
        const res = await fetch(`${t.url}${path}`, { method: 'POST', headers: FORM, body: `grant_type=client_credentials&token=abc&${key}[client_id]=x&${key}=y` });
        const body = (await res.json()) as { error?: string };
        assert.equal(res.status, 400, `${path} ${key}`);
        assert.equal(body.error, 'invalid_request', `${path} ${key}`);
      }
    }
    assert.equal(t.sb.clients.list().length, grants);
  });

  it('answers invalid_client_metadata at registration and registers nothing', async () => {
    const clients = t.sb.clients.list().length;
    const metadata = '"redirect_uris":["http://localhost:5173/cb"],"token_endpoint_auth_method":"none","client_name":"x"';
    for (const text of [`{${metadata},"__proto__":{"scope":"system/*.cruds"}}`, `{${metadata},"constructor":{"prototype":{"a":1}}}`, `{${metadata},"jwks":{"keys":[{"prototype":1}]}}`]) {
      const res = await fetch(`${t.url}/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });
      const body = (await res.json()) as { error?: string };
      assert.equal(res.status, 400, text);
      assert.equal(body.error, 'invalid_client_metadata', text);
    }
    assert.equal(t.sb.clients.list().length, clients);
  });

  it('shows the error page for such a field posted to the login pages', async () => {
    for (const path of ['/auth/interaction/anything', '/auth/authorize', '/launch']) {
      const res = await fetch(`${t.url}${path}`, { method: 'POST', headers: FORM, body: '__proto__=1&user=Practitioner/prac-1' });
      assert.equal(res.status, 400, path);
      assert.match(res.headers.get('content-type') ?? '', /text\/html/, path);
      assert.match(await res.text(), /invalid_request/, path);
    }
  });
});
