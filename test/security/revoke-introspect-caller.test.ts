/**
 * Revocation (RFC 7009 §2.1) and introspection (RFC 7662 §2.1) check their caller: a
 * confidential client must authenticate, a public client may only touch tokens issued to its
 * own client_id, and an anonymous caller is refused. Each hostile request leaves the grant alive.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO_CLIENT_SECRET } from '../../src/index.js';
import { exchangeCode, getTokens, postForm, standaloneLaunch } from '../helpers/flows.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

const CONFIDENTIAL = 'demo-confidential-app';
const basic = `Basic ${Buffer.from(`${CONFIDENTIAL}:${DEMO_CLIENT_SECRET}`).toString('base64')}`;

describe('revocation and introspection check the caller', () => {
  let t: TestSandbox;
  let confidential: { access_token: string; refresh_token: string };
  let publicTokens: { access_token: string; refresh_token: string };
  before(async () => {
    t = await startSandbox();
    const flow = await standaloneLaunch(t, { clientId: CONFIDENTIAL });
    const reply = await exchangeCode(t, flow, { headers: { authorization: basic } });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    confidential = reply.body as typeof confidential;
    publicTokens = (await getTokens(t)) as unknown as typeof publicTokens;
  });
  after(() => t.close());

  const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) => postForm(`${t.url}/auth/${path}`, fields, headers);
  /** The owner's own view: is the token still alive? */
  const alive = async (token: string, asConfidential: boolean): Promise<boolean> =>
    (await post('introspect', asConfidential ? { token } : { token, client_id: 'demo-public-app' }, asConfidential ? { authorization: basic } : {})).body.active === true;

  it("refuses an anonymous revocation of a confidential client's refresh token, and the grant lives on", async () => {
    const reply = await post('revoke', { token: confidential.refresh_token });
    assert.equal(reply.status, 401);
    assert.equal(reply.body.error, 'invalid_client');
    assert.ok(await alive(confidential.refresh_token, true));
    assert.ok(await alive(confidential.access_token, true));
  });

  it('refuses a revocation that names the confidential client without authenticating', async () => {
    const reply = await post('revoke', { token: confidential.refresh_token, client_id: CONFIDENTIAL });
    assert.equal(reply.status, 401);
    assert.equal(reply.body.error, 'invalid_client');
    assert.ok(await alive(confidential.refresh_token, true));
  });

  it("a public client cannot revoke another client's tokens", async () => {
    const reply = await post('revoke', { token: confidential.refresh_token, client_id: 'some-other-app' });
    assert.equal(reply.status, 200, 'RFC 7009 §2.2: the answer does not tell');
    assert.ok(await alive(confidential.refresh_token, true));
    const own = await post('revoke', { token: publicTokens.access_token, client_id: 'some-other-app' });
    assert.equal(own.status, 200);
    assert.ok(await alive(publicTokens.access_token, false));
  });

  it('answers an anonymous introspection with 401 and no token information', async () => {
    for (const token of [publicTokens.access_token, confidential.refresh_token]) {
      const reply = await post('introspect', { token });
      assert.equal(reply.status, 401);
      assert.deepEqual(Object.keys(reply.body).sort(), ['error', 'error_description']);
      assert.equal(reply.body.error, 'invalid_client');
    }
  });

  it("a client cannot introspect another client's refresh token", async () => {
    const byPublic = await post('introspect', { token: confidential.refresh_token, client_id: 'demo-public-app' });
    assert.deepEqual(byPublic.body, { active: false });
    const byConfidential = await post('introspect', { token: publicTokens.refresh_token }, { authorization: basic });
    assert.deepEqual(byConfidential.body, { active: false });
    assert.ok(await alive(publicTokens.refresh_token, false), 'its owner still sees it');
  });

  it("a public client cannot introspect another client's access token", async () => {
    const reply = await post('introspect', { token: confidential.access_token, client_id: 'demo-public-app' });
    assert.deepEqual(reply.body, { active: false });
  });

  it('a confidential client that does not authenticate is refused at introspection', async () => {
    const reply = await post('introspect', { token: confidential.access_token, client_id: CONFIDENTIAL });
    assert.equal(reply.status, 401);
    assert.equal(reply.body.error, 'invalid_client');
  });

  it('the owner still revokes its own grant', async () => {
    const reply = await post('revoke', { token: confidential.refresh_token }, { authorization: basic });
    assert.equal(reply.status, 200);
    assert.equal(await alive(confidential.refresh_token, true), false);
    assert.equal(await alive(confidential.access_token, true), false);
  });
});
