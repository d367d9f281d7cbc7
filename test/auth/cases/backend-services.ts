/**
 * SMART Backend Services (contract §4, `client_credentials`): the demo, configured and
 * registered backend clients; one test per client assertion check; `system/` scopes
 * pre-authorized per client (beyond them: refused, never narrowed); short tokens without
 * refresh token that search every patient; the clients refused; events.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SignJWT } from 'jose';
import { publicJwk } from '../../../src/auth/clients/demo-keys.js';
import { writeDemoKeyFile } from '../../../src/auth/clients/demo-key-file.js';
import { ConfigError, createSandbox, DEMO_ASYMMETRIC_RS384, DEMO_BACKEND_CLIENT_ID, DEMO_BACKEND_ES384, DEMO_CLIENT_SECRET, type PrivateJwk } from '../../../src/index.js';
import { backendToken, BACKEND_CLIENT, serveJwks } from '../../helpers/backend.js';
import { assertionFields, JWT_BEARER } from '../../helpers/client-assertion.js';
import { postForm, type TokenReply } from '../../helpers/flows.js';
import { startSandbox, type TestSandbox } from '../../helpers/sandbox.js';

type Json = Record<string, unknown>;
type Bundle = { total: number; entry?: { resource: { resourceType: string; id: string; subject?: { reference: string } } }[] };

const now = (): number => Math.floor(Date.now() / 1000);
const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
const basic = (id: string, secret: string): string => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

/** A fresh P-384 private JWK with the given kid. */
function newEcKey(kid: string): PrivateJwk {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
  return { ...privateKey.export({ format: 'jwk' }), kid, alg: 'ES384' } as PrivateJwk;
}

function expectError(reply: TokenReply, status: number, error: string, description?: RegExp): void {
  assert.equal(reply.status, status, JSON.stringify(reply.body));
  assert.equal(reply.body.error, error, JSON.stringify(reply.body));
  assert.equal(reply.headers.get('cache-control'), 'no-store');
  if (description) assert.match(String(reply.body.error_description), description);
}

const invalidClient = (reply: TokenReply, description: RegExp): void => expectError(reply, 401, 'invalid_client', description);

describe('SMART Backend Services: client_credentials', () => {
  let t: TestSandbox;
  let tokenUrl: string;
  before(async () => {
    t = await startSandbox();
    tokenUrl = `${t.url}/auth/token`;
  });
  after(() => t.close());

  const fhir = (path: string, token: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${t.fhirBase}/${path}`, { ...init, headers: { authorization: `Bearer ${token}`, accept: 'application/fhir+json', ...init.headers } });

  async function tokenFor(scope: string): Promise<string> {
    const reply = await backendToken(t, { scope });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    return reply.body.access_token as string;
  }

  describe('the token', () => {
    it('the demo backend service gets a Bearer token of at most five minutes, without refresh token, id_token or context', async () => {
      const reply = await backendToken(t);
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      assert.equal(reply.headers.get('cache-control'), 'no-store');
      assert.equal(reply.headers.get('pragma'), 'no-cache');
      const body = reply.body;
      assert.equal(typeof body.access_token, 'string');
      assert.equal(body.token_type, 'Bearer');
      assert.equal(body.expires_in, 300, 'the 3600 s default is capped to 300 for backend services');
      assert.equal(body.scope, 'system/*.rs');
      for (const member of ['refresh_token', 'id_token', 'patient', 'encounter', 'fhirContext', 'need_patient_banner']) assert.ok(!(member in body), member);
    });

    it('works without client_id in the body, and with a client_id equal to the assertion issuer', async () => {
      assert.equal((await backendToken(t, { extra: { client_id: BACKEND_CLIENT } })).status, 200);
      assert.equal((await backendToken(t, { extra: { client_id: undefined } })).status, 200);
    });

    it('searches every patient on the FHIR API (system/ semantics), and cannot write with .rs', async () => {
      const token = await tokenFor('system/*.rs');
      const patients = (await (await fhir('Patient', token)).json()) as Bundle;
      assert.deepEqual(patients.entry!.map((e) => e.resource.id).sort(), ['child-1', 'pat-1', 'pat-2']);
      const encounters = (await (await fhir('Encounter', token)).json()) as Bundle;
      assert.deepEqual([...new Set(encounters.entry!.map((e) => e.resource.subject!.reference))].sort(), ['Patient/pat-1', 'Patient/pat-2']);
      assert.equal((await fhir('Patient/pat-2', token)).status, 200);
      const write = await fhir('Patient', token, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify({ resourceType: 'Patient' }) });
      assert.equal(write.status, 403);
    });

    it('a narrower system/ scope limits the token to it', async () => {
      const token = await tokenFor('system/Observation.rs');
      assert.equal((await fhir('Observation', token)).status, 200);
      assert.equal((await fhir('Patient', token)).status, 403);
    });

    it('grants a granular system/ scope verbatim and filters by it', async () => {
      const scope = 'system/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory';
      const reply = await backendToken(t, { scope });
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      assert.equal(reply.body.scope, scope);
      const bundle = (await (await fhir('Observation', reply.body.access_token as string)).json()) as Bundle;
      assert.deepEqual(bundle.entry!.map((e) => e.resource.id), ['obs-lab-1']);
    });

    it('answers a v1 system/ scope in v1', async () => {
      const reply = await backendToken(t, { scope: 'system/*.read' });
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      assert.equal(reply.body.scope, 'system/*.read');
    });

    it('expires on the sandbox clock after expires_in seconds', async () => {
      const token = await tokenFor('system/*.rs');
      assert.equal((await fhir('Patient', token)).status, 200);
      t.sb.clock.advance(301_000);
      try {
        assert.equal((await fhir('Patient', token)).status, 401);
      } finally {
        t.sb.clock.advance(-301_000);
      }
    });

    it('keeps a shorter accessTokenLifetime', async () => {
      const short = await startSandbox({ accessTokenLifetime: 60 });
      try {
        const reply = await backendToken(short);
        assert.equal(reply.body.expires_in, 60);
      } finally {
        await short.close();
      }
    });

    it('introspects as active, with the client as sub and no patient', async () => {
      const token = await tokenFor('system/*.rs');
      const info = (await postForm(`${t.url}/auth/introspect`, { token, ...(await assertionFields({ clientId: BACKEND_CLIENT, key: DEMO_BACKEND_ES384, aud: tokenUrl })) })).body;
      assert.equal(info.active, true);
      assert.equal(info.client_id, BACKEND_CLIENT);
      assert.equal(info.sub, BACKEND_CLIENT);
      assert.equal(info.scope, 'system/*.rs');
      assert.equal((info.exp as number) - (info.iat as number), 300);
      assert.ok(!('patient' in info) && !('fhirUser' in info));
    });

    it('emits auth.token with grant type client_credentials, never the assertion or the token', async () => {
      const seen: Json[] = [];
      const stop = t.sb.events.on('*', (e) => seen.push(e as unknown as Json));
      const fields = await assertionFields({ clientId: BACKEND_CLIENT, key: DEMO_BACKEND_ES384, aud: tokenUrl });
      const reply = await postForm(tokenUrl, { grant_type: 'client_credentials', scope: 'system/*.rs', ...fields });
      stop();
      const event = seen.find((e) => e.type === 'auth.token')!;
      assert.ok(event, 'an auth.token event');
      assert.equal(event.grantType, 'client_credentials');
      assert.equal(event.clientId, BACKEND_CLIENT);
      assert.equal(event.authMethod, 'private_key_jwt');
      assert.deepEqual(event.scope, ['system/*.rs']);
      assert.equal(event.expiresIn, 300);
      assert.equal(event.refreshToken, false);
      assert.equal(event.idToken, false);
      const all = JSON.stringify(seen);
      assert.ok(!all.includes(fields.client_assertion!));
      assert.ok(!all.includes(String(reply.body.access_token)));
    });

    it('sb.clients exposes the demo backend private key, which signs a working assertion', async () => {
      const client = t.sb.clients.get(DEMO_BACKEND_CLIENT_ID)!;
      assert.equal(client.type, 'backend-service');
      const key = client.privateJwks!.keys[0]!;
      assert.deepEqual(key, DEMO_BACKEND_ES384);
      assert.equal((await backendToken(t, { key })).status, 200);
    });
  });

  describe('scopes: pre-authorized system/ scopes only, anything beyond is refused (invalid_scope)', () => {
    const refused: [string, string | undefined, RegExp][] = [
      ['no scope', undefined, /scope is missing/],
      ['more permissions than pre-authorized', 'system/*.cruds', /system\/\*\.cruds: beyond what this client is pre-authorized for.*pre-authorized for system\/\*\.rs/],
      ['a write scope', 'system/Patient.cud', /system\/Patient\.cud/],
      ['launch', 'system/*.rs launch', /launch: backend services/],
      ['launch/patient', 'system/*.rs launch/patient', /launch\/patient: backend services/],
      ['openid', 'system/*.rs openid', /openid: backend services/],
      ['fhirUser', 'system/*.rs fhirUser', /fhirUser: backend services/],
      ['offline_access', 'system/*.rs offline_access', /offline_access: backend services/],
      ['online_access', 'system/*.rs online_access', /online_access/],
      ['a patient/ scope', 'system/*.rs patient/*.rs', /patient\/\*\.rs: patient\/ scopes need a user/],
      ['a user/ scope', 'user/*.rs', /user\/\*\.rs: user\/ scopes need a user/],
      ['a malformed scope', 'system/Observation.xyz', /system\/Observation\.xyz/],
      ['an unknown resource type', 'system/Nonsense.rs', /system\/Nonsense\.rs/],
    ];
    for (const [what, scope, description] of refused) {
      it(`refuses ${what} with 400 invalid_scope, saying what`, async () => {
        expectError(await backendToken(t, { scope }), 400, 'invalid_scope', description);
      });
    }

    it('refuses a wildcard from a client pre-authorized for named types, rather than narrowing it', async () => {
      t.sb.clients.add({ clientId: 'observations-only', type: 'backend-service', jwks: { keys: [publicJwk(DEMO_BACKEND_ES384)] }, scope: 'system/Observation.rs system/Patient.r' });
      expectError(await backendToken(t, { clientId: 'observations-only', scope: 'system/*.rs' }), 400, 'invalid_scope', /system\/\*\.rs: beyond .*could have system\/Observation\.rs/);
      expectError(await backendToken(t, { clientId: 'observations-only', scope: 'system/Patient.rs' }), 400, 'invalid_scope');
      const ok = await backendToken(t, { clientId: 'observations-only', scope: 'system/Observation.rs system/Patient.r' });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal(ok.body.scope, 'system/Observation.rs system/Patient.r');
    });
  });

  describe('clients that may not use client_credentials', () => {
    it('a public client (client_id only) → 401 invalid_client', async () => {
      invalidClient(await postForm(tokenUrl, { grant_type: 'client_credentials', scope: 'system/*.rs', client_id: 'demo-public-app' }), /needs client authentication/);
    });

    it('an unknown client id accepted by the permissive default → 401 invalid_client', async () => {
      invalidClient(await postForm(tokenUrl, { grant_type: 'client_credentials', scope: 'system/*.rs', client_id: 'who-knows' }), /needs client authentication/);
    });

    it('no client at all → 401 invalid_client', async () => {
      invalidClient(await postForm(tokenUrl, { grant_type: 'client_credentials', scope: 'system/*.rs' }), /needs client authentication/);
    });

    it('a symmetric client with a correct secret (post or Basic) → 400 unauthorized_client', async () => {
      const post = await postForm(tokenUrl, { grant_type: 'client_credentials', scope: 'system/*.rs', client_id: 'demo-confidential-app', client_secret: DEMO_CLIENT_SECRET });
      expectError(post, 400, 'unauthorized_client', /confidential-symmetric client; only backend-service clients/);
      const viaBasic = await postForm(tokenUrl, { grant_type: 'client_credentials', scope: 'system/*.rs' }, { authorization: basic('demo-confidential-app', DEMO_CLIENT_SECRET) });
      expectError(viaBasic, 400, 'unauthorized_client');
    });

    it('a symmetric client with a wrong secret → 401 invalid_client', async () => {
      invalidClient(await postForm(tokenUrl, { grant_type: 'client_credentials', scope: 'system/*.rs', client_id: 'demo-confidential-app', client_secret: 'wrong' }), /secret/);
    });

    it('an asymmetric app client with a valid assertion → 400 unauthorized_client', async () => {
      const fields = await assertionFields({ aud: tokenUrl });
      expectError(await postForm(tokenUrl, { grant_type: 'client_credentials', scope: 'system/*.rs', ...fields }), 400, 'unauthorized_client', /confidential-asymmetric/);
    });

    it('a backend service without an assertion (client_id only) → 401 invalid_client', async () => {
      invalidClient(await postForm(tokenUrl, { grant_type: 'client_credentials', scope: 'system/*.rs', client_id: BACKEND_CLIENT }), /confidential and must authenticate/);
    });
  });

  describe('client assertion checks: each failure is 401 invalid_client saying what was wrong', () => {
    const raw = (header: Json, claims: Json, signature = ''): string => `${b64(header)}.${b64(claims)}.${signature}`;
    const claims = (): Json => ({ iss: BACKEND_CLIENT, sub: BACKEND_CLIENT, aud: tokenUrl, exp: now() + 60, jti: `raw-${Math.random()}` });
    const withAssertion = (assertion: string, type: string | null = JWT_BEARER): Promise<TokenReply> =>
      postForm(tokenUrl, { grant_type: 'client_credentials', scope: 'system/*.rs', client_assertion_type: type ?? undefined, client_assertion: assertion });

    it('signature: a tampered signature', async () => {
      const { client_assertion: jwt } = await assertionFields({ clientId: BACKEND_CLIENT, key: DEMO_BACKEND_ES384, aud: tokenUrl });
      const [h, p, s] = jwt!.split('.');
      const flipped = `${s!.slice(0, 10)}${s![10] === 'A' ? 'B' : 'A'}${s!.slice(11)}`;
      invalidClient(await withAssertion(`${h}.${p}.${flipped}`), /signature does not verify/);
    });

    it('signature: tampered claims', async () => {
      const { client_assertion: jwt } = await assertionFields({ clientId: BACKEND_CLIENT, key: DEMO_BACKEND_ES384, aud: tokenUrl });
      const [h, , s] = jwt!.split('.');
      invalidClient(await withAssertion(`${h}.${b64(claims())}.${s}`), /signature does not verify/);
    });

    it('signature: another key under the registered kid', async () => {
      invalidClient(await backendToken(t, { key: newEcKey(DEMO_BACKEND_ES384.kid) }), /signature does not verify/);
    });

    it('alg none is refused', async () => {
      invalidClient(await withAssertion(raw({ alg: 'none', kid: DEMO_BACKEND_ES384.kid, typ: 'JWT' }, claims())), /alg 'none'.*refused/);
    });

    it('alg HS256 is refused', async () => {
      const jwt = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', kid: DEMO_BACKEND_ES384.kid }).sign(new TextEncoder().encode('x'.repeat(32)));
      invalidClient(await withAssertion(jwt), /alg 'HS256' uses a shared secret and is refused/);
    });

    it('alg RS256 is not accepted (RS384 and ES384 are)', async () => {
      const reply = await backendToken(t, { key: DEMO_ASYMMETRIC_RS384, assertion: { alg: 'RS256', header: { kid: DEMO_BACKEND_ES384.kid } } });
      invalidClient(reply, /alg 'RS256' is not accepted; sign with RS384 or ES384/);
    });

    it('RS384 works for a client whose registered key is RSA', async () => {
      t.sb.clients.add({ clientId: 'rsa-backend', type: 'backend-service', jwks: { keys: [publicJwk(DEMO_ASYMMETRIC_RS384)] } });
      const reply = await backendToken(t, { clientId: 'rsa-backend', key: DEMO_ASYMMETRIC_RS384 });
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
    });

    it('kid: missing', async () => {
      invalidClient(await backendToken(t, { assertion: { header: { kid: undefined } } }), /the header has no kid/);
    });

    it('kid: no registered key has it', async () => {
      invalidClient(await backendToken(t, { assertion: { header: { kid: 'unknown-kid' } } }), /no registered key has kid 'unknown-kid'/);
    });

    it('kid: the key with that kid has a kty that does not fit alg', async () => {
      // The registered EC key has no `alg` member, so only its kty tells it apart from an RSA key.
      const { alg: _alg, ...withoutAlg } = publicJwk(DEMO_BACKEND_ES384);
      t.sb.clients.add({ clientId: 'ec-key-without-alg', type: 'backend-service', jwks: { keys: [withoutAlg] } });
      const rsaUnderEcKid = { ...DEMO_ASYMMETRIC_RS384, kid: DEMO_BACKEND_ES384.kid };
      invalidClient(await backendToken(t, { clientId: 'ec-key-without-alg', key: rsaUnderEcKid }), /no registered key has kid 'demo-backend-es384' and kty RSA \(for RS384\)/);
      assert.equal((await backendToken(t, { clientId: 'ec-key-without-alg' })).status, 200, 'the EC key itself works');
    });

    it('kid: more than one registered key has it', async () => {
      const twin = newEcKey(DEMO_BACKEND_ES384.kid);
      t.sb.clients.add({ clientId: 'twin-keys-backend', type: 'backend-service', jwks: { keys: [publicJwk(DEMO_BACKEND_ES384), publicJwk(twin)] } });
      invalidClient(await backendToken(t, { clientId: 'twin-keys-backend' }), /more than one registered key has kid 'demo-backend-es384'/);
    });

    it('typ, when sent, must be JWT', async () => {
      invalidClient(await backendToken(t, { assertion: { header: { typ: 'at+jwt' } } }), /typ 'at\+jwt' is not JWT/);
    });

    it('iss: missing', async () => {
      const { iss: _iss, ...rest } = claims();
      invalidClient(await withAssertion(raw({ alg: 'ES384', kid: DEMO_BACKEND_ES384.kid }, rest, 'sig')), /the iss claim \(the client_id\) is missing/);
    });

    it('sub: different from iss', async () => {
      invalidClient(await backendToken(t, { assertion: { sub: 'someone-else' } }), /sub must equal iss, the client_id 'demo-backend-service'/);
    });

    it('iss: not a registered client', async () => {
      invalidClient(await backendToken(t, { clientId: 'nobody-registered-this' }), /'nobody-registered-this' is not a registered client/);
    });

    it('iss: a client that is not asymmetric', async () => {
      invalidClient(await backendToken(t, { clientId: 'demo-confidential-app' }), /'demo-confidential-app' is a confidential-symmetric client, not an asymmetric one/);
    });

    it('client_id: different from iss', async () => {
      invalidClient(await backendToken(t, { extra: { client_id: 'demo-asymmetric-app' } }), /client_id 'demo-asymmetric-app' differs from the assertion's iss 'demo-backend-service'/);
    });

    it('aud: the issuer, the FHIR base or another URL instead of the token endpoint', async () => {
      for (const aud of [t.url, t.fhirBase, `${t.url}/auth/authorize`]) {
        invalidClient(await backendToken(t, { assertion: { aud } }), new RegExp(`aud must be the token endpoint URL ${tokenUrl.replace(/[.]/g, '\\.')}`));
      }
    });

    it('exp: missing', async () => {
      invalidClient(await backendToken(t, { assertion: { expiresIn: null } }), /the exp claim is missing/);
    });

    it('exp: more than five minutes ahead', async () => {
      invalidClient(await backendToken(t, { assertion: { expiresIn: 330 } }), /exp is more than five minutes ahead/);
    });

    it('exp: in the past', async () => {
      invalidClient(await backendToken(t, { assertion: { now: now() - 600 } }), /the assertion expired \(exp is in the past\)/);
    });

    it('exp: five minutes ahead exactly is accepted', async () => {
      assert.equal((await backendToken(t, { assertion: { expiresIn: 300 } })).status, 200);
    });

    it('jti: missing', async () => {
      invalidClient(await backendToken(t, { assertion: { jti: null } }), /the jti claim is missing/);
    });

    it('jti: seen before from this client within the assertion lifetime', async () => {
      const fields = await assertionFields({ clientId: BACKEND_CLIENT, key: DEMO_BACKEND_ES384, aud: tokenUrl });
      const form = { grant_type: 'client_credentials', scope: 'system/*.rs', ...fields };
      assert.equal((await postForm(tokenUrl, form)).status, 200);
      invalidClient(await postForm(tokenUrl, form), /jti '.*' was already used by this client/);
      invalidClient(await backendToken(t, { assertion: { jti: JSON.parse(Buffer.from(fields.client_assertion!.split('.')[1]!, 'base64url').toString()).jti } }), /already used/);
    });

    it('jti: another client may use the same value, and it may come back once the first assertion expired', async () => {
      t.sb.clients.add({ clientId: 'second-backend', type: 'backend-service', jwks: { keys: [publicJwk(DEMO_BACKEND_ES384)] } });
      const jti = `shared-${Math.random()}`;
      assert.equal((await backendToken(t, { assertion: { jti, expiresIn: 60 } })).status, 200);
      assert.equal((await backendToken(t, { clientId: 'second-backend', assertion: { jti } })).status, 200);
      t.sb.clock.advance(120_000);
      try {
        const later = await backendToken(t, { assertion: { jti, now: Math.floor(t.sb.clock.now() / 1000) } });
        assert.equal(later.status, 200, JSON.stringify(later.body));
      } finally {
        t.sb.clock.advance(-120_000);
      }
    });

    it('client_assertion_type: missing', async () => {
      const { client_assertion: jwt } = await assertionFields({ clientId: BACKEND_CLIENT, key: DEMO_BACKEND_ES384, aud: tokenUrl });
      invalidClient(await withAssertion(jwt!, null), /client_assertion_type must be exactly urn:ietf:params:oauth:client-assertion-type:jwt-bearer \(it is missing\)/);
    });

    it('client_assertion_type: not exactly the jwt-bearer URN', async () => {
      for (const type of ['urn:ietf:params:oauth:client-assertion-type:saml2-bearer', `${JWT_BEARER} `, JWT_BEARER.toUpperCase()]) {
        const { client_assertion: jwt } = await assertionFields({ clientId: BACKEND_CLIENT, key: DEMO_BACKEND_ES384, aud: tokenUrl });
        invalidClient(await withAssertion(jwt!, type), /client_assertion_type must be exactly .* \(got '/);
      }
    });

    it('client_assertion: missing, or not a JWT', async () => {
      invalidClient(await postForm(tokenUrl, { grant_type: 'client_credentials', scope: 'system/*.rs', client_assertion_type: JWT_BEARER }), /client_assertion is missing/);
      invalidClient(await withAssertion('not-a-jwt'), /not a signed JWT/);
    });

    it('jku: sent by a client that registered its keys inline', async () => {
      invalidClient(await backendToken(t, { assertion: { header: { jku: 'https://evil.example/jwks.json' } } }), /jku 'https:\/\/evil\.example\/jwks\.json' is sent but the client registered its keys inline/);
    });
  });

  describe('registration', () => {
    const register = async (metadata: unknown): Promise<{ status: number; body: Json }> => {
      const res = await fetch(`${t.url}/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(metadata) });
      return { status: res.status, body: (await res.json()) as Json };
    };

    it('registers a backend service with a jwks_uri (RFC 7591) that then gets a token', async () => {
      const key = newEcKey('registered-1');
      const jwks = await serveJwks([publicJwk(key)]);
      try {
        const reply = await register({ token_endpoint_auth_method: 'private_key_jwt', grant_types: ['client_credentials'], jwks_uri: jwks.url, scope: 'system/Observation.rs', client_name: 'Lab monitor' });
        assert.equal(reply.status, 201, JSON.stringify(reply.body));
        assert.deepEqual(reply.body.grant_types, ['client_credentials']);
        assert.equal(reply.body.jwks_uri, jwks.url);
        assert.equal(reply.body.scope, 'system/Observation.rs');
        assert.ok(!('redirect_uris' in reply.body));
        const clientId = reply.body.client_id as string;
        assert.equal(t.sb.clients.get(clientId)!.type, 'backend-service');
        const token = await backendToken(t, { clientId, key, scope: 'system/Observation.rs' });
        assert.equal(token.status, 200, JSON.stringify(token.body));
        expectError(await backendToken(t, { clientId, key, scope: 'system/*.rs' }), 400, 'invalid_scope');
      } finally {
        await jwks.close();
      }
    });

    it('registers a backend service with inline jwks that then gets a token', async () => {
      const reply = await register({ token_endpoint_auth_method: 'private_key_jwt', grant_types: ['client_credentials'], jwks: { keys: [publicJwk(DEMO_BACKEND_ES384)] } });
      assert.equal(reply.status, 201, JSON.stringify(reply.body));
      assert.equal(reply.body.scope, 'system/*.rs', 'the default pre-authorization');
      assert.equal((await backendToken(t, { clientId: reply.body.client_id as string })).status, 200);
    });

    const bad: [string, Json, RegExp][] = [
      ['a secret method', { token_endpoint_auth_method: 'client_secret_basic', grant_types: ['client_credentials'] }, /must use private_key_jwt/],
      ['client_credentials mixed with authorization_code', { token_endpoint_auth_method: 'private_key_jwt', grant_types: ['client_credentials', 'authorization_code'], jwks: { keys: [publicJwk(DEMO_BACKEND_ES384)] }, redirect_uris: ['https://a.example/cb'] }, /cannot be combined/],
      ['a patient/ scope', { token_endpoint_auth_method: 'private_key_jwt', grant_types: ['client_credentials'], jwks: { keys: [publicJwk(DEMO_BACKEND_ES384)] }, scope: 'system/*.rs patient/*.rs' }, /only be registered for system\/ scopes \(not patient\/\*\.rs\)/],
      ['both jwks and jwks_uri', { token_endpoint_auth_method: 'private_key_jwt', grant_types: ['client_credentials'], jwks: { keys: [publicJwk(DEMO_BACKEND_ES384)] }, jwks_uri: 'https://a.example/jwks.json' }, /not both/],
      ['no keys', { token_endpoint_auth_method: 'private_key_jwt', grant_types: ['client_credentials'] }, /needs jwks or jwks_uri/],
    ];
    for (const [what, metadata, description] of bad) {
      it(`refuses a backend service with ${what}: invalid_client_metadata`, async () => {
        const reply = await register(metadata);
        assert.equal(reply.status, 400, JSON.stringify(reply.body));
        assert.equal(reply.body.error, 'invalid_client_metadata');
        assert.match(String(reply.body.error_description), description);
      });
    }
  });

  describe('the clients file', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'mock-ehr-clients-'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('a backend service from a clients file gets a token', async () => {
      const key = newEcKey('file-key');
      const path = join(dir, 'clients.json');
      writeFileSync(path, JSON.stringify([{ clientId: 'file-backend', type: 'backend-service', jwks: { keys: [publicJwk(key)] }, scope: 'system/Patient.rs' }]));
      const configured = await startSandbox({ clients: path, strict: true });
      try {
        const reply = await backendToken(configured, { clientId: 'file-backend', key, scope: 'system/Patient.rs' });
        assert.equal(reply.status, 200, JSON.stringify(reply.body));
        assert.equal(configured.sb.clients.get('file-backend')!.origin, 'configured');
      } finally {
        await configured.close();
      }
    });

    it('refuses a backend service registered for non-system scopes, at start-up', async () => {
      const path = join(dir, 'bad-clients.json');
      writeFileSync(path, JSON.stringify({ clients: [{ clientId: 'bad-backend', type: 'backend-service', jwksUri: 'https://a.example/jwks.json', scope: 'user/*.rs launch' }] }));
      await assert.rejects(createSandbox({ clients: path, patients: 0 }), (e: unknown) => e instanceof ConfigError && /clients\[0\]: a backend-service client may only be registered for system\/ scopes \(not user\/\*\.rs launch\)/.test(e.message));
    });
  });

  describe('the demo backend key file', () => {
    it('writes the private JWK, readable by its owner only, and round-trips', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'mock-ehr-key-'));
      try {
        const path = writeDemoKeyFile(t.sb.clients.get(DEMO_BACKEND_CLIENT_ID), dir)!;
        assert.equal(path, join(dir, 'demo-backend-service.private-jwk.json'));
        assert.equal(statSync(path).mode & 0o777, 0o600);
        const key = JSON.parse(readFileSync(path, 'utf8')) as PrivateJwk;
        assert.deepEqual(key, DEMO_BACKEND_ES384);
        assert.equal((await backendToken(t, { key })).status, 200);
        assert.equal(writeDemoKeyFile(t.sb.clients.get('demo-public-app'), dir), undefined, 'no file for a client without a private key');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
