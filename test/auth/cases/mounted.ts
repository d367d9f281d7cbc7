/**
 * The authorization server mounted under a sub-path of another app (`parent.use('/ehr', sb.app)`):
 * discovery, pages, launches and tokens all carry the mount path.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { createSandbox } from '../../../src/index.js';
import { FIXTURES, TEST_KEY_FILE } from '../../helpers/fixtures.js';
import { ehrLaunch, exchangeCode, postForm, standaloneLaunch } from '../../helpers/flows.js';
import type { TestSandbox } from '../../helpers/sandbox.js';

describe('mounted under a sub-path', () => {
  let t: TestSandbox;
  let server: Server;
  before(async () => {
    const sb = await createSandbox({ patients: 0, keyFile: TEST_KEY_FILE });
    sb.store.clear();
    sb.store.load(FIXTURES);
    const parent = express();
    parent.use('/ehr', sb.app);
    server = createServer(parent);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ehr`;
    t = { sb, url, fhirBase: `${url}/fhir`, close: async () => undefined };
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it('advertises URLs under the mount path', async () => {
    const smart = (await (await fetch(`${t.fhirBase}/.well-known/smart-configuration`)).json()) as Record<string, string>;
    assert.equal(smart.issuer, t.url);
    assert.equal(smart.authorization_endpoint, `${t.url}/auth/authorize`);
    assert.equal(smart.token_endpoint, `${t.url}/auth/token`);
    const oidc = await fetch(`${t.url}/.well-known/openid-configuration`);
    assert.equal(oidc.status, 200);
  });

  it('runs a standalone launch, a refresh and an EHR launch', async () => {
    const flow = await standaloneLaunch(t, {}, { patient: 'pat-1' });
    assert.ok(flow.code, flow.location.href);
    const tokens = await exchangeCode(t, flow);
    assert.equal(tokens.status, 200);
    assert.ok(t.sb.authenticateBearer(`Bearer ${tokens.body.access_token}`, t.fhirBase).ok);
    const refreshed = await postForm(`${t.url}/auth/token`, { grant_type: 'refresh_token', refresh_token: tokens.body.refresh_token as string });
    assert.equal(refreshed.status, 200);
    const ehr = await ehrLaunch(t, { patient: 'pat-2' });
    assert.equal(ehr.iss, t.fhirBase);
    assert.equal((await exchangeCode(t, ehr)).body.patient, 'pat-2');
  });
});
