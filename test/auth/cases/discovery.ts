/** Contract §1: the SMART and OpenID discovery documents, the JWKS and the CapabilityStatement security. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type TestSandbox } from '../../helpers/sandbox.js';

type Json = Record<string, unknown>;

describe('discovery', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startSandbox();
  });
  after(() => t.close());

  const get = async (url: string, headers: Record<string, string> = {}): Promise<{ res: Response; body: Json }> => {
    const res = await fetch(url, { headers });
    return { res, body: (await res.json()) as Json };
  };

  it('serves smart-configuration as JSON whatever the Accept header says, readable from any origin', async () => {
    for (const accept of ['application/json', 'text/html', 'application/fhir+xml', '*/*']) {
      const { res, body } = await get(`${t.fhirBase}/.well-known/smart-configuration`, { accept, origin: 'https://app.example' });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type')!, /^application\/json/);
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
      assert.equal(typeof body.authorization_endpoint, 'string');
    }
  });

  it('lists absolute endpoint URLs, issuer and jwks_uri, S256 only, and the capabilities as strings', async () => {
    const { body } = await get(`${t.fhirBase}/.well-known/smart-configuration`);
    for (const key of ['issuer', 'jwks_uri', 'authorization_endpoint', 'token_endpoint', 'introspection_endpoint', 'revocation_endpoint', 'registration_endpoint']) {
      assert.match(String(body[key]), /^http:\/\/127\.0\.0\.1:\d+(\/|$)/, key);
    }
    assert.equal(body.issuer, t.url);
    assert.equal(body.authorization_endpoint, `${t.url}/auth/authorize`);
    assert.equal(body.token_endpoint, `${t.url}/auth/token`);
    assert.deepEqual(body.code_challenge_methods_supported, ['S256']);
    assert.ok((body.grant_types_supported as string[]).includes('authorization_code'));
    assert.ok((body.grant_types_supported as string[]).includes('refresh_token'));
    assert.deepEqual(body.grant_types_supported, ['authorization_code', 'refresh_token', 'client_credentials']);
    assert.ok((body.scopes_supported as string[]).includes('system/*.rs'));
    assert.deepEqual(body.token_endpoint_auth_methods_supported, ['client_secret_basic', 'client_secret_post', 'private_key_jwt']);
    assert.deepEqual(body.token_endpoint_auth_signing_alg_values_supported, ['RS384', 'ES384']);
    assert.deepEqual(body.response_types_supported, ['code']);
    const caps = body.capabilities as unknown[];
    assert.ok(Array.isArray(caps) && caps.every((c) => typeof c === 'string'));
    for (const c of ['launch-ehr', 'launch-standalone', 'authorize-post', 'client-public', 'client-confidential-symmetric', 'client-confidential-asymmetric', 'sso-openid-connect', 'context-banner', 'context-style', 'context-ehr-patient', 'context-ehr-encounter', 'context-standalone-patient', 'context-standalone-encounter', 'permission-offline', 'permission-online', 'permission-patient', 'permission-user', 'permission-v1', 'permission-v2']) {
      assert.ok(caps.includes(c), c);
    }
  });

  it('serves openid-configuration at the issuer, with RS256 id_tokens', async () => {
    const smart = (await get(`${t.fhirBase}/.well-known/smart-configuration`)).body;
    const { res, body } = await get(`${smart.issuer}/.well-known/openid-configuration`);
    assert.equal(res.status, 200);
    assert.equal(body.issuer, smart.issuer);
    assert.equal(body.authorization_endpoint, smart.authorization_endpoint);
    assert.equal(body.token_endpoint, smart.token_endpoint);
    assert.equal(body.jwks_uri, smart.jwks_uri);
    assert.deepEqual(body.response_types_supported, ['code']);
    assert.deepEqual(body.subject_types_supported, ['public']);
    assert.ok((body.id_token_signing_alg_values_supported as string[]).includes('RS256'));
  });

  it('publishes the public signing key only, with its kid', async () => {
    const smart = (await get(`${t.fhirBase}/.well-known/smart-configuration`)).body;
    const { res, body } = await get(String(smart.jwks_uri));
    assert.equal(res.status, 200);
    const keys = body.keys as Json[];
    assert.equal(keys.length, 1);
    assert.equal(keys[0]!.kid, 'test-signing-key');
    assert.equal(keys[0]!.alg, 'RS256');
    for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) assert.ok(!(secret in keys[0]!), `no ${secret}`);
  });

  it('puts the same URLs in the CapabilityStatement security extension', async () => {
    const smart = (await get(`${t.fhirBase}/.well-known/smart-configuration`)).body;
    const { body } = await get(`${t.fhirBase}/metadata`);
    const security = (body.rest as Json[])[0]!.security as Json;
    const service = security.service as { coding: { code: string }[] }[];
    assert.equal(service[0]!.coding[0]!.code, 'SMART-on-FHIR');
    const ext = (security.extension as Json[]).find((e) => e.url === 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris')!;
    const uri = (name: string): unknown => (ext.extension as Json[]).find((e) => e.url === name)?.valueUri;
    assert.equal(uri('authorize'), smart.authorization_endpoint);
    assert.equal(uri('token'), smart.token_endpoint);
    assert.equal(uri('introspect'), smart.introspection_endpoint);
    assert.equal(uri('revoke'), smart.revocation_endpoint);
  });

  it('builds every URL from the configured baseUrl when there is one', async () => {
    const proxied = await startSandbox({ baseUrl: 'https://ehr.example.test/sandbox' });
    try {
      const { body } = await get(`${proxied.url}/fhir/.well-known/smart-configuration`);
      assert.equal(body.issuer, 'https://ehr.example.test/sandbox');
      assert.equal(body.token_endpoint, 'https://ehr.example.test/sandbox/auth/token');
      assert.equal(body.jwks_uri, 'https://ehr.example.test/sandbox/.well-known/jwks.json');
    } finally {
      await proxied.close();
    }
  });

  it('emits a discovery event per document', async () => {
    const seen: string[] = [];
    const stop = t.sb.events.on('discovery', (e) => seen.push(e.document));
    await get(`${t.fhirBase}/.well-known/smart-configuration`);
    await get(`${t.url}/.well-known/openid-configuration`);
    await get(`${t.url}/.well-known/jwks.json`);
    stop();
    assert.deepEqual(seen, ['smart-configuration', 'openid-configuration', 'jwks']);
  });
});
