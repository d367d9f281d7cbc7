/**
 * End to end with smart-on-fhir's own client library (fhirclient 2.6), headless in Node:
 * discovery, PKCE, the pages filled by the form contract, the code exchange, the launch
 * context, reading the FHIR API with the token, and refresh. Both launches, and the
 * confidential client types.
 */
process.env.NODE_ENV = 'test'; // fhirclient caches discovery per URL for its lifetime otherwise

import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import smart from 'fhirclient';
import { DEMO_ASYMMETRIC_ES384, DEMO_CLIENT_SECRET } from '../../../src/index.js';
import { TestBrowser } from '../../helpers/browser.js';
import { completeInteraction, launchFromEhr, REDIRECT_URI, type LaunchChoices } from '../../helpers/flows.js';
import { startSandbox, type TestSandbox } from '../../helpers/sandbox.js';

type Client = Awaited<ReturnType<ReturnType<typeof smart>['ready']>>;

/** The app's server-side session storage: what fhirclient keeps between authorize and ready. */
function memoryStorage() {
  const map = new Map<string, unknown>();
  return {
    get: async (key: string) => map.get(key),
    set: async (key: string, value: unknown) => {
      map.set(key, value);
      return value;
    },
    unset: async (key: string) => map.delete(key),
  };
}

/** A request to the app as Node's http module would hand it over. */
const appRequest = (url: URL): IncomingMessage =>
  ({ url: `${url.pathname}${url.search}`, headers: { host: url.host }, connection: { encrypted: false }, socket: { encrypted: false } }) as unknown as IncomingMessage;
const noResponse = {} as ServerResponse;

describe('fhirclient (smart-on-fhir client-js) against the sandbox', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startSandbox();
  });
  after(() => t.close());

  /** authorize() at `appUrl`, the pages, then ready() at the redirect URI. */
  async function run(appUrl: URL, params: Record<string, unknown>, choices: LaunchChoices, browser = new TestBrowser(t.url)): Promise<Client> {
    const storage = memoryStorage();
    const authorizeUrl = (await smart(appRequest(appUrl), noResponse, storage).authorize({ redirectUri: REDIRECT_URI, noRedirect: true, ...params })) as unknown as string;
    assert.match(authorizeUrl, /code_challenge_method=S256/, 'fhirclient uses PKCE when discovery offers S256');
    const first = await browser.go(authorizeUrl);
    const back = new URL(first.leftTo ?? (await completeInteraction(browser, first, choices, [])));
    assert.ok(back.searchParams.get('code'), back.href);
    return smart(appRequest(back), noResponse, storage).ready();
  }

  it('completes a standalone launch with a public client, reads the chart and refreshes', async () => {
    const client = await run(
      new URL('http://localhost:5173/launch'),
      { iss: t.fhirBase, clientId: 'demo-public-app', scope: 'launch/patient openid fhirUser offline_access patient/*.rs' },
      { user: 'Practitioner/prac-1', patient: 'pat-1' },
    );
    assert.equal(client.patient.id, 'pat-1');
    assert.equal(client.getFhirUser(), 'Practitioner/prac-1');
    assert.equal(client.getUserType(), 'Practitioner');
    const patient = (await client.patient.read()) as { id: string; resourceType: string };
    assert.equal(patient.id, 'pat-1');
    const user = (await client.user.read()) as { id: string };
    assert.equal(user.id, 'prac-1');
    const obs = (await client.request('Observation?patient=pat-1')) as { resourceType: string };
    assert.equal(obs.resourceType, 'Bundle');
    const before = client.state.tokenResponse!.access_token;
    await client.refresh();
    assert.notEqual(client.state.tokenResponse!.access_token, before);
    assert.ok(t.sb.authenticateBearer(`Bearer ${client.state.tokenResponse!.access_token}`, t.fhirBase).ok);
  });

  it('completes an EHR launch from the launcher, with the launch context', async () => {
    const browser = new TestBrowser(t.url);
    const appUrl = await launchFromEhr(t, { user: 'Practitioner/prac-2', patient: 'pat-2', encounter: 'enc-3', fhirContext: 'Observation/obs-lab-1', needPatientBanner: false }, browser);
    const client = await run(appUrl, { clientId: 'demo-public-app', scope: 'launch openid fhirUser patient/*.rs' }, {}, browser);
    assert.equal(client.state.serverUrl, t.fhirBase);
    assert.equal(client.patient.id, 'pat-2');
    assert.equal(client.encounter.id, 'enc-3');
    assert.equal(client.getFhirUser(), 'Practitioner/prac-2');
    const response = client.state.tokenResponse!;
    assert.equal(response.need_patient_banner, false);
    assert.deepEqual(response.fhirContext, [{ reference: 'Observation/obs-lab-1' }]);
    const encounter = (await client.encounter.read()) as { id: string };
    assert.equal(encounter.id, 'enc-3');
  });

  it('authenticates a confidential symmetric client with its secret', async () => {
    const client = await run(
      new URL('http://localhost:5173/launch'),
      { iss: t.fhirBase, clientId: 'demo-confidential-app', clientSecret: DEMO_CLIENT_SECRET, scope: 'launch/patient patient/*.rs' },
      { patient: 'pat-1' },
    );
    assert.equal(client.patient.id, 'pat-1');
  });

  it('authenticates a confidential asymmetric client with a private key JWT', async () => {
    const client = await run(
      new URL('http://localhost:5173/launch'),
      { iss: t.fhirBase, clientId: 'demo-asymmetric-app', clientPrivateJwk: DEMO_ASYMMETRIC_ES384, scope: 'launch/patient patient/*.rs' },
      { patient: 'pat-1' },
    );
    assert.equal(client.patient.id, 'pat-1');
  });
});
