/**
 * Contract §2, the EHR launch: the launcher page opens the app at
 * `launch_url?iss={FHIR base}&launch={id}`, and the launch resolves to its context.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { inputValues, submit, TestBrowser } from '../../helpers/browser.js';
import { ehrLaunch, exchangeCode, launchFromEhr, LAUNCH_URL } from '../../helpers/flows.js';
import { startSandbox, type TestSandbox } from '../../helpers/sandbox.js';

describe('EHR launcher', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startSandbox({
      clients: [{ clientId: 'growth-chart', name: 'Growth Chart', type: 'public', redirectUris: ['http://localhost:9000/cb'], launchUri: 'http://localhost:9000/launch.html' }],
    });
  });
  after(() => t.close());

  it('shows a form with users, patients and registered apps from the store, with a CSRF token', async () => {
    const res = await fetch(`${t.url}/`);
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /<form method="post" action="[^"]+\/launch"/);
    assert.match(html, /value="Practitioner\/prac-1"/);
    assert.match(html, /value="Patient\/pat-2"/);
    assert.match(html, /value="RelatedPerson\/rp-1"/);
    assert.match(html, /Growth Chart \(growth-chart\)/);
    assert.ok(!html.includes('demo-backend-service'), 'no backend service in the app list');
    const tokens = inputValues(html, 'csrf');
    assert.ok(tokens.length >= 1 && tokens.every((v) => v === tokens[0]), 'one CSRF token in every form');
    assert.match(html, /<label for="user">/);
  });

  it('lists the chosen patient\'s encounters', async () => {
    const html = await (await fetch(`${t.url}/?patient=pat-1`)).text();
    assert.match(html, /value="enc-1"/);
    assert.match(html, /value="enc-2"/);
    assert.doesNotMatch(html, /value="enc-3"/);
  });

  it('opens the app with iss byte-identical to the discovery FHIR base, and an opaque launch id', async () => {
    const app = await launchFromEhr(t);
    assert.equal(`${app.origin}${app.pathname}`, LAUNCH_URL);
    const smart = (await (await fetch(`${t.fhirBase}/.well-known/smart-configuration`)).json()) as { issuer: string };
    assert.equal(app.searchParams.get('iss'), `${smart.issuer}/fhir`);
    assert.equal(app.searchParams.get('iss'), t.fhirBase);
    assert.match(app.searchParams.get('launch')!, /^[A-Za-z0-9_-]{20,}$/);
  });

  it('uses a registered app\'s client id and launch URL', async () => {
    const app = await launchFromEhr(t, { app: 'growth-chart', clientId: '', launchUrl: '' });
    assert.equal(`${app.origin}${app.pathname}`, 'http://localhost:9000/launch.html');
  });

  it('skips login and the picker: the launch carries user, patient and encounter', async () => {
    const flow = await ehrLaunch(t, { user: 'Practitioner/prac-2', patient: 'pat-2', encounter: 'enc-3' });
    assert.deepEqual(flow.prompts, ['consent']);
    const body = (await exchangeCode(t, flow)).body;
    assert.equal(body.patient, 'pat-2');
    assert.equal(body.encounter, 'enc-3');
    assert.equal(body.need_patient_banner, true);
  });

  it('names the encounter in context on the consent page', async () => {
    const browser = new TestBrowser(t.url);
    const app = await launchFromEhr(t, { user: 'Practitioner/prac-2', patient: 'pat-1', encounter: 'enc-1' }, browser);
    const q = new URLSearchParams({ response_type: 'code', client_id: 'demo-public-app', redirect_uri: 'http://localhost:5173/callback', scope: 'launch patient/*.rs', state: 's', aud: app.searchParams.get('iss')!, launch: app.searchParams.get('launch')!, code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' });
    const consent = await browser.go(`${t.url}/auth/authorize?${q}`);
    assert.match(consent.page!.html, /<dd id="consent-encounter">Annual check-up <span class="detail">\(2024-03-01\)<\/span><\/dd>/);
  });

  it('a patient user launches in their own record by default', async () => {
    const flow = await ehrLaunch(t, { user: 'Patient/pat-2', patient: '' });
    const body = (await exchangeCode(t, flow)).body;
    assert.equal(body.patient, 'pat-2');
  });

  it('asks for a patient when the launch has none and the app wants patient scopes', async () => {
    const flow = await ehrLaunch(t, { patient: '' }, {}, { patient: 'pat-1' });
    assert.deepEqual(flow.prompts, ['patient', 'consent']);
    assert.equal((await exchangeCode(t, flow)).body.patient, 'pat-1');
  });

  it('does not grant launch/encounter when the EHR launch has no encounter', async () => {
    const flow = await ehrLaunch(t, { patient: 'pat-1' }, { scope: 'launch launch/encounter patient/*.rs' });
    const body = (await exchangeCode(t, flow)).body;
    assert.equal(body.scope, 'launch patient/*.rs');
    assert.equal(body.encounter, undefined);
  });

  it('refuses a launch with missing or wrong fields, and says why', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ user: '' }, /Choose the user/],
      [{ launch_url: 'not a url' }, /launch URL/],
      [{ launch_url: 'javascript:alert(1)' }, /launch URL/],
      [{ encounter: 'enc-3' }, /not an encounter of that patient/],
      [{ patient: 'nobody' }, /does not exist/],
      [{ fhir_context: 'Patient/pat-1' }, /Patient and Encounter travel as patient and encounter/],
      [{ fhir_context: 'Observation/none' }, /does not exist/],
      [{ user: 'RelatedPerson/rp-1', patient: 'pat-2' }, /may not open that patient record/],
    ];
    for (const [override, message] of cases) {
      const browser = new TestBrowser(t.url);
      const home = await browser.go(`${t.url}/`);
      const fields = { user: 'Practitioner/prac-1', patient: 'pat-1', encounter: '', app: '', client_id: 'demo-public-app', launch_url: LAUNCH_URL, intent: '', fhir_context: '', ...override };
      const step = await submit(browser, home.page!, Object.entries(fields));
      assert.equal(step.page?.status, 400, JSON.stringify(override));
      assert.match(step.page!.html, message);
    }
  });

  it('refuses an unknown client id in strict mode', async () => {
    const strict = await startSandbox({ strict: true });
    try {
      const browser = new TestBrowser(strict.url);
      const home = await browser.go(`${strict.url}/`);
      const step = await submit(browser, home.page!, [['user', 'Practitioner/prac-1'], ['client_id', 'nobody'], ['launch_url', LAUNCH_URL]]);
      assert.equal(step.page?.status, 400);
      assert.match(step.page!.html, /not registered/);
    } finally {
      await strict.close();
    }
  });

  it('requires the CSRF token', async () => {
    const res = await fetch(`${t.url}/launch`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ user: 'Practitioner/prac-1', client_id: 'x', launch_url: LAUNCH_URL }),
    });
    assert.equal(res.status, 403);
  });

  it('asks for ids instead of listing thousands of people', async () => {
    const big = await startSandbox();
    try {
      for (let i = 0; i < 301; i++) big.sb.store.create({ resourceType: 'Patient', name: [{ family: `Many${i}` }] });
      const html = await (await fetch(`${big.url}/`)).text();
      assert.match(html, /<input type="text" name="patient" id="patient"/);
      assert.match(html, /<input type="text" name="user" id="user"/);
      assert.ok(html.length < 60_000, `the page is ${html.length} characters`);
      const app = await launchFromEhr(big, { user: 'Patient/pat-2', patient: 'pat-2' });
      assert.ok(app.searchParams.get('launch'));
    } finally {
      await big.close();
    }
  });

  it('emits auth.launch', async () => {
    const seen: { clientId: string; patient?: string }[] = [];
    const stop = t.sb.events.on('auth.launch', (e) => seen.push(e));
    await launchFromEhr(t, { clientId: 'my-app', patient: 'pat-1' });
    stop();
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.clientId, 'my-app');
    assert.equal(seen[0]!.patient, 'pat-1');
  });
});
