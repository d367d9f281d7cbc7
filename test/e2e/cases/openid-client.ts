/**
 * End to end with openid-client 6 (a certified OpenID Connect relying party): discovery from
 * the SMART well-known URL, PKCE, state and nonce, the id_token verified against the JWKS,
 * refresh, and each client authentication method.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { importJWK } from 'jose';
import * as oidc from 'openid-client';
import { DEMO_ASYMMETRIC_RS384, DEMO_CLIENT_SECRET } from '../../../src/index.js';
import { TestBrowser } from '../../helpers/browser.js';
import { launchFromEhr, type LaunchChoices } from '../../helpers/flows.js';
import { authorizeWithOpenid, discoverSmart } from '../../helpers/openid.js';
import { startSandbox, type TestSandbox } from '../../helpers/sandbox.js';

describe('openid-client against the sandbox', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startSandbox();
  });
  after(() => t.close());

  const discover = (clientId: string, auth?: oidc.ClientAuth) => discoverSmart(t, clientId, auth);
  const authorize = (config: oidc.Configuration, scope: string, choices: LaunchChoices, extra: Record<string, string> = {}, browser?: TestBrowser) => {
    oidc.enableNonRepudiationChecks(config);
    return authorizeWithOpenid(t, config, scope, choices, extra, browser);
  };

  it('discovers the server from the SMART well-known URL, issuer included', async () => {
    const config = await discover('demo-public-app');
    const meta = config.serverMetadata();
    assert.equal(meta.issuer, t.url);
    assert.equal(meta.token_endpoint, `${t.url}/auth/token`);
    assert.ok(meta.code_challenge_methods_supported?.includes('S256'));
  });

  it('completes a standalone launch as a public client, verifies the id_token and refreshes', async () => {
    const config = await discover('demo-public-app');
    const fetched: string[] = [];
    const stop = t.sb.events.on('discovery', (e) => fetched.push(e.document));
    const tokens = await authorize(config, 'openid fhirUser launch/patient offline_access patient/*.rs', { user: 'Patient/pat-2' });
    stop();
    assert.deepEqual(fetched, ['jwks'], 'the library fetched the JWKS to verify the id_token signature');
    const claims = tokens.claims()!;
    assert.equal(claims.iss, t.url);
    assert.equal(claims.aud, 'demo-public-app');
    assert.equal(claims.sub, 'Patient/pat-2');
    assert.equal(claims.fhirUser, `${t.fhirBase}/Patient/pat-2`);
    assert.equal(tokens.patient, 'pat-2');
    assert.equal(tokens.token_type.toLowerCase(), 'bearer');
    assert.equal(typeof tokens.expires_in, 'number');
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    assert.notEqual(refreshed.access_token, tokens.access_token);
    assert.notEqual(refreshed.refresh_token, tokens.refresh_token);
    assert.equal(refreshed.scope, tokens.scope);
    const narrowed = await oidc.refreshTokenGrant(config, refreshed.refresh_token!, { scope: 'patient/*.rs' });
    assert.equal(narrowed.scope, 'patient/*.rs');
    await assert.rejects(oidc.refreshTokenGrant(config, narrowed.refresh_token!, { scope: 'user/*.rs' }), (e: unknown) => (e as { error?: string }).error === 'invalid_scope');
  });

  it('completes an EHR launch with the launch parameter', async () => {
    const browser = new TestBrowser(t.url);
    const app = await launchFromEhr(t, { user: 'Practitioner/prac-1', patient: 'pat-1', encounter: 'enc-2' }, browser);
    assert.equal(app.searchParams.get('iss'), t.fhirBase);
    const config = await discover('demo-public-app');
    const tokens = await authorize(config, 'launch openid fhirUser patient/*.rs', {}, { launch: app.searchParams.get('launch')! }, browser);
    assert.equal(tokens.patient, 'pat-1');
    assert.equal(tokens.encounter, 'enc-2');
    assert.equal(tokens.claims()!.fhirUser, `${t.fhirBase}/Practitioner/prac-1`);
  });

  it('authenticates with client_secret_basic and client_secret_post', async () => {
    for (const auth of [oidc.ClientSecretBasic(DEMO_CLIENT_SECRET), oidc.ClientSecretPost(DEMO_CLIENT_SECRET)]) {
      const config = await discover('demo-confidential-app', auth);
      const tokens = await authorize(config, 'openid fhirUser launch/patient offline_access patient/*.rs', { patient: 'pat-1' });
      assert.equal(tokens.patient, 'pat-1');
      const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
      assert.ok(refreshed.access_token);
    }
  });

  it('authenticates with private_key_jwt (RS384), the assertion aud set to the token endpoint as SMART requires', async () => {
    const key = await importJWK(DEMO_ASYMMETRIC_RS384, 'RS384');
    const auth = oidc.PrivateKeyJwt(
      { key: key as CryptoKey, kid: DEMO_ASYMMETRIC_RS384.kid },
      {
        [oidc.modifyAssertion]: (_header, payload) => {
          payload.aud = `${t.url}/auth/token`;
        },
      },
    );
    const config = await discover('demo-asymmetric-app', auth);
    const tokens = await authorize(config, 'openid fhirUser launch/patient offline_access patient/*.rs', { patient: 'pat-1' });
    assert.equal(tokens.patient, 'pat-1');
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    assert.ok(refreshed.access_token);
  });

  it('sees an access_denied when the user denies', async () => {
    const config = await discover('demo-public-app');
    await assert.rejects(authorize(config, 'openid fhirUser launch/patient patient/*.rs', { patient: 'pat-1', decision: 'deny' }), (e: unknown) => (e as { error?: string }).error === 'access_denied');
  });
});
