/**
 * Contract §4, grant_type=refresh_token: rotation, binding to the client (with the same
 * client authentication as the code exchange, private_key_jwt included), narrowing allowed,
 * widening refused, and every invalid_grant row.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { publicJwk } from '../../../src/auth/clients/demo-keys.js';
import { DEMO_ASYMMETRIC_ES384, DEMO_ASYMMETRIC_RS384, DEMO_CLIENT_SECRET } from '../../../src/index.js';
import { serveJwks } from '../../helpers/backend.js';
import { assertionFields } from '../../helpers/client-assertion.js';
import { exchangeCode, getTokens, postForm, REDIRECT_URI, standaloneLaunch, type TokenReply } from '../../helpers/flows.js';
import { startSandbox, type TestSandbox } from '../../helpers/sandbox.js';

const SCOPE = 'launch/patient openid fhirUser offline_access patient/Observation.rs patient/Patient.rs';

describe('token endpoint: refresh_token', () => {
  let t: TestSandbox;
  let tokenUrl: string;
  before(async () => {
    t = await startSandbox();
    tokenUrl = `${t.url}/auth/token`;
  });
  after(() => t.close());

  const refresh = (fields: Record<string, string | undefined>, headers: Record<string, string> = {}): Promise<TokenReply> =>
    postForm(tokenUrl, { grant_type: 'refresh_token', ...fields }, headers);
  const tokens = (clientId = 'demo-public-app') => getTokens(t, { scope: SCOPE, clientId }, { patient: 'pat-1' });

  it('a public client refreshes with its client_id, or with nothing but the token; the token rotates', async () => {
    const first = await tokens();
    const a = await refresh({ refresh_token: first.refresh_token as string, client_id: 'demo-public-app' });
    assert.equal(a.status, 200, JSON.stringify(a.body));
    assert.equal(a.headers.get('cache-control'), 'no-store');
    assert.equal(a.headers.get('pragma'), 'no-cache');
    assert.equal(a.body.scope, SCOPE);
    assert.equal(a.body.token_type, 'Bearer');
    assert.equal(typeof a.body.expires_in, 'number');
    assert.equal(a.body.patient, 'pat-1');
    assert.notEqual(a.body.access_token, first.access_token);
    assert.notEqual(a.body.refresh_token, first.refresh_token);
    const b = await refresh({ refresh_token: a.body.refresh_token as string });
    assert.equal(b.status, 200, 'no client_id: the refresh token names its client');
    const reuse = await refresh({ refresh_token: first.refresh_token as string });
    assert.equal(reuse.status, 400);
    assert.equal(reuse.body.error, 'invalid_grant', 'a rotated refresh token no longer works');
  });

  it('without scope keeps the original grant; a subset narrows; the same set is fine; more is invalid_scope', async () => {
    const first = await tokens();
    const narrow = await refresh({ refresh_token: first.refresh_token as string, scope: 'patient/Observation.rs' });
    assert.equal(narrow.status, 200);
    assert.equal(narrow.body.scope, 'patient/Observation.rs');
    const back = await refresh({ refresh_token: narrow.body.refresh_token as string });
    assert.equal(back.body.scope, SCOPE, 'no scope: the original grant, not the narrowed one');
    const same = await refresh({ refresh_token: back.body.refresh_token as string, scope: SCOPE });
    assert.equal(same.status, 200);
    const granular = await refresh({ refresh_token: same.body.refresh_token as string, scope: 'patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory' });
    assert.equal(granular.status, 200, 'a category sub-scope is narrower');
    for (const wider of ['patient/*.rs', 'user/Observation.rs', 'patient/Observation.cruds', `${SCOPE} patient/Condition.rs`]) {
      const reply = await refresh({ refresh_token: granular.body.refresh_token as string, scope: wider });
      assert.equal(reply.status, 400, wider);
      assert.equal(reply.body.error, 'invalid_scope', wider);
    }
    const still = await refresh({ refresh_token: granular.body.refresh_token as string });
    assert.equal(still.status, 200, 'a refused widening does not use up the refresh token');
  });

  it('refuses a narrower granular scope whose filter the server cannot enforce, saying which', async () => {
    const first = await tokens();
    for (const scope of ['patient/Observation.rs?code=http://loinc.org|2339-0', 'patient/Patient.rs?category=x']) {
      const reply = await refresh({ refresh_token: first.refresh_token as string, scope });
      assert.equal(reply.status, 400, scope);
      assert.equal(reply.body.error, 'invalid_scope', scope);
      assert.match(reply.body.error_description as string, /is not enforced by this server/, scope);
    }
    const ok = await refresh({ refresh_token: first.refresh_token as string });
    assert.equal(ok.status, 200, 'the refused requests changed nothing');
  });

  const rows: [string, () => Promise<Record<string, string | undefined>>][] = [
    ['a random refresh token', async () => ({ refresh_token: 'random-token' })],
    ['another client\'s refresh token', async () => ({ refresh_token: (await tokens()).refresh_token as string, client_id: 'other-public-app' })],
    ['a revoked refresh token', async () => {
      const rt = (await tokens()).refresh_token as string;
      await postForm(`${t.url}/auth/revoke`, { token: rt, client_id: 'demo-public-app' });
      return { refresh_token: rt };
    }],
  ];
  for (const [what, fields] of rows) {
    it(`${what} → 400 invalid_grant`, async () => {
      const reply = await refresh(await fields());
      assert.equal(reply.status, 400);
      assert.equal(reply.body.error, 'invalid_grant');
    });
  }

  it('an expired refresh token → 400 invalid_grant', async () => {
    const short = await startSandbox({ refreshTokenLifetime: 120 });
    try {
      const first = await getTokens(short, { scope: SCOPE }, { patient: 'pat-1' });
      short.sb.clock.advance(121_000);
      const reply = await postForm(`${short.url}/auth/token`, { grant_type: 'refresh_token', refresh_token: first.refresh_token as string });
      assert.equal(reply.status, 400);
      assert.equal(reply.body.error, 'invalid_grant');
    } finally {
      await short.close();
    }
  });

  it('refresh_token missing → 400 invalid_request', async () => {
    const reply = await refresh({});
    assert.equal(reply.status, 400);
    assert.equal(reply.body.error, 'invalid_request');
  });

  it('a confidential client must authenticate again, as itself', async () => {
    const flow = await standaloneLaunch(t, { scope: SCOPE, clientId: 'demo-confidential-app' }, { patient: 'pat-1' });
    const first = await exchangeCode(t, flow, { extra: { client_secret: DEMO_CLIENT_SECRET } });
    const rt = first.body.refresh_token as string;
    const none = await refresh({ refresh_token: rt });
    assert.equal(none.status, 401);
    assert.equal(none.body.error, 'invalid_client');
    const idOnly = await refresh({ refresh_token: rt, client_id: 'demo-confidential-app' });
    assert.equal(idOnly.status, 401);
    const wrong = await refresh({ refresh_token: rt, client_id: 'demo-confidential-app', client_secret: 'nope' });
    assert.equal(wrong.status, 401);
    const asAnother = await refresh({ refresh_token: rt, ...(await assertionFields({ aud: tokenUrl })) });
    assert.equal(asAnother.status, 400);
    assert.equal(asAnother.body.error, 'invalid_grant');
    const ok = await refresh({ refresh_token: rt, client_id: 'demo-confidential-app', client_secret: DEMO_CLIENT_SECRET });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  });

  it('an asymmetric client refreshes with a new client assertion', async () => {
    const flow = await standaloneLaunch(t, { scope: SCOPE, clientId: 'demo-asymmetric-app' }, { patient: 'pat-1' });
    const first = await exchangeCode(t, flow, { extra: await assertionFields({ aud: tokenUrl }) });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    const ok = await refresh({ refresh_token: first.body.refresh_token as string, ...(await assertionFields({ aud: tokenUrl })) });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  });

  it('an asymmetric client passes the same assertion checks at refresh as at the code exchange', async () => {
    const flow = await standaloneLaunch(t, { scope: SCOPE, clientId: 'demo-asymmetric-app' }, { patient: 'pat-1' });
    const used = await assertionFields({ aud: tokenUrl });
    const first = await exchangeCode(t, flow, { extra: used });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    const rt = first.body.refresh_token as string;
    const refused: [string, Record<string, string | undefined>, RegExp][] = [
      ['client_id only', { client_id: 'demo-asymmetric-app' }, /confidential and must authenticate/],
      ['the assertion of the code exchange again', used, /jti .* was already used/],
      ['aud the issuer', await assertionFields({ aud: t.url }), /aud must be the token endpoint URL/],
      ['exp ten minutes ahead', await assertionFields({ aud: tokenUrl, expiresIn: 600 }), /more than five minutes/],
      ['the RS384 key with alg RS256', await assertionFields({ aud: tokenUrl, key: DEMO_ASYMMETRIC_RS384, alg: 'RS256' }), /RS256/],
    ];
    for (const [what, fields, description] of refused) {
      const reply = await refresh({ refresh_token: rt, ...fields });
      assert.equal(reply.status, 401, what);
      assert.equal(reply.body.error, 'invalid_client', what);
      assert.match(String(reply.body.error_description), description, what);
    }
    const ok = await refresh({ refresh_token: rt, ...(await assertionFields({ aud: tokenUrl, key: DEMO_ASYMMETRIC_RS384 })) });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  });

  it('an asymmetric app registered with a jwks_uri exchanges its code and refreshes with assertions', async () => {
    const jwks = await serveJwks([publicJwk(DEMO_ASYMMETRIC_ES384)]);
    try {
      t.sb.clients.add({ clientId: 'url-keys-app', type: 'confidential-asymmetric', jwksUri: jwks.url, redirectUris: [REDIRECT_URI], scope: SCOPE });
      const flow = await standaloneLaunch(t, { scope: SCOPE, clientId: 'url-keys-app' }, { patient: 'pat-1' });
      const first = await exchangeCode(t, flow, { extra: await assertionFields({ clientId: 'url-keys-app', aud: tokenUrl, header: { jku: jwks.url } }) });
      assert.equal(first.status, 200, JSON.stringify(first.body));
      const ok = await refresh({ refresh_token: first.body.refresh_token as string, ...(await assertionFields({ clientId: 'url-keys-app', aud: tokenUrl })) });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal(jwks.requests.length, 1, 'the set was kept for its max-age');
    } finally {
      await jwks.close();
    }
  });

  it('emits auth.refresh with the narrowing', async () => {
    const first = await tokens();
    const seen: boolean[] = [];
    const stop = t.sb.events.on('auth.refresh', (e) => seen.push(e.narrowed));
    await refresh({ refresh_token: first.refresh_token as string, scope: 'patient/Patient.rs' });
    stop();
    assert.deepEqual(seen, [true]);
  });
});
