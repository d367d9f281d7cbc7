/**
 * Contract §4, the id_token: RS256 with kid, verifiable against the published JWKS, `iss`
 * equal to the discovery issuer, `aud` the client, `nonce` echoed, `fhirUser` an absolute
 * URL of a resource readable with the access token.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { getTokens } from '../../helpers/flows.js';
import { startSandbox, type TestSandbox } from '../../helpers/sandbox.js';

describe('id_token', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startSandbox();
  });
  after(() => t.close());

  async function verify(idToken: string, clientId = 'demo-public-app') {
    const smart = (await (await fetch(`${t.fhirBase}/.well-known/smart-configuration`)).json()) as { issuer: string; jwks_uri: string };
    const { payload, protectedHeader } = await jwtVerify(idToken, createRemoteJWKSet(new URL(smart.jwks_uri)), {
      issuer: smart.issuer,
      audience: clientId,
      algorithms: ['RS256'],
    });
    return { payload, protectedHeader, issuer: smart.issuer };
  }

  it('is an RS256 JWT with kid, verified against the JWKS, with the contract claims', async () => {
    const body = await getTokens(t, { scope: 'openid fhirUser launch/patient patient/*.rs', nonce: 'n-0S6_WzA2Mj' }, { user: 'Practitioner/prac-2', patient: 'pat-1' });
    const { payload, protectedHeader, issuer } = await verify(body.id_token as string);
    assert.equal(protectedHeader.alg, 'RS256');
    assert.equal(protectedHeader.kid, 'test-signing-key');
    assert.equal(payload.iss, issuer);
    assert.equal(payload.sub, 'Practitioner/prac-2');
    assert.equal(payload.aud, 'demo-public-app');
    assert.equal(typeof payload.iat, 'number');
    assert.equal(typeof payload.exp, 'number');
    assert.equal(payload.nonce, 'n-0S6_WzA2Mj');
    assert.equal(payload.fhirUser, `${t.fhirBase}/Practitioner/prac-2`);
  });

  it('names a fhirUser that is readable with the access token', async () => {
    for (const user of ['Practitioner/prac-1', 'Patient/pat-2', 'RelatedPerson/rp-1']) {
      const body = await getTokens(t, { scope: 'openid fhirUser launch/patient patient/*.rs' }, { user });
      const { payload } = await verify(body.id_token as string);
      const url = String(payload.fhirUser);
      assert.equal(url, `${t.fhirBase}/${user}`);
      assert.equal(t.sb.authenticateBearer(`Bearer ${body.access_token}`, t.fhirBase).ok, true);
      const res = await fetch(url, { headers: { authorization: `Bearer ${body.access_token}`, accept: 'application/fhir+json' } });
      assert.equal(res.status, 200, url);
      const resource = (await res.json()) as { resourceType: string; id: string };
      assert.equal(`${resource.resourceType}/${resource.id}`, user);
    }
  });

  it('is not issued without openid, or without fhirUser (or profile)', async () => {
    assert.equal((await getTokens(t, { scope: 'fhirUser launch/patient patient/*.rs' })).id_token, undefined);
    assert.equal((await getTokens(t, { scope: 'openid launch/patient patient/*.rs' })).id_token, undefined);
    assert.equal(typeof (await getTokens(t, { scope: 'openid profile launch/patient patient/*.rs' })).id_token, 'string');
  });

  it('has no nonce when none was sent, and every token header has a kid', async () => {
    const body = await getTokens(t, { scope: 'openid fhirUser launch/patient patient/*.rs' });
    const { payload } = await verify(body.id_token as string);
    assert.equal(payload.nonce, undefined);
    assert.equal(decodeProtectedHeader(body.access_token).kid, 'test-signing-key');
  });
});
