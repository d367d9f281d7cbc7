/**
 * The home page a newcomer opens first: the demo app button that works on first run, the
 * launcher's encounter menu without a GET round trip, the standalone launch facts, the
 * registered apps, the patient browser, and a hint when there are no patients.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { createSandbox } from '../../src/index.js';
import { inputValues, submit, TestBrowser } from '../helpers/browser.js';
import { TEST_KEY_FILE } from '../helpers/fixtures.js';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.js';

describe('home page', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startSandbox();
  });
  after(() => t.close());

  it('says what the sandbox is and launches the demo app in one press', async () => {
    const browser = new TestBrowser(t.url);
    const home = await browser.go(`${t.url}/`);
    assert.match(home.page!.html, /<h1>mock-ehr: a SMART on FHIR sandbox<\/h1>/);
    assert.match(home.page!.html, /Launch the demo app/);
    // The demo form carries its own context: submitting it as is opens the demo app.
    const demoForm = /<form method="post" action="[^"]+" id="demo-form">[\s\S]*?<\/form>/.exec(home.page!.html)![0];
    const fields = ['user', 'patient', 'encounter', 'app', 'need_patient_banner'].map((name): [string, string] => [name, inputValues(demoForm, name)[0] ?? '']);
    const opened = await submit(browser, home.page!, fields);
    // The demo app lives on the sandbox's origin, so the test browser follows into it.
    assert.equal(opened.page?.status, 200);
    assert.match(opened.page.html, /<title>Demo SMART app/);
    const app = new URL(opened.page.url);
    assert.equal(`${app.origin}${app.pathname}`, `${t.url}/demo-app/`);
    assert.equal(app.searchParams.get('iss'), t.fhirBase);
    assert.ok(app.searchParams.get('launch'));
  });

  it('lists only apps with a launch URL in the launcher, and names an app that has none', async () => {
    const html = await (await fetch(`${t.url}/`)).text();
    const menu = /<select name="app" id="app"[\s\S]*?<\/select>/.exec(html)![0];
    assert.match(menu, /value="demo-app"/);
    assert.doesNotMatch(menu, /value="demo-public-app"/);
    const browser = new TestBrowser(t.url);
    const home = await browser.go(`${t.url}/`);
    const step = await submit(browser, home.page!, [['user', 'Practitioner/prac-1'], ['app', 'demo-public-app']]);
    assert.equal(step.page?.status, 400);
    assert.match(step.page!.html, /Demo public app has no launch URL/);
  });

  it('fills the encounter menu from a same-origin JSON read, never a GET form carrying the CSRF token', async () => {
    const html = await (await fetch(`${t.url}/`)).text();
    assert.doesNotMatch(html, /formmethod="get"/);
    assert.match(html, /<script type="module" src="[^"]+\/assets\/home\.js"><\/script>/);
    const res = await fetch(`${t.url}/launcher/encounters?patient=pat-1`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { patient: { name: string }; encounters: { id: string }[] };
    assert.equal(body.patient.name, 'Maria Lopez');
    assert.deepEqual(body.encounters.map((e) => e.id), ['enc-2', 'enc-1']);
    assert.equal((await fetch(`${t.url}/launcher/encounters?patient=nobody`)).status, 404);
  });

  it('allows scripts from its own origin only', async () => {
    const res = await fetch(`${t.url}/`);
    const csp = res.headers.get('content-security-policy')!;
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline'[^;]*;[^;]*script|script-src[^;]*unsafe/);
    const html = await res.text();
    assert.doesNotMatch(html, /<script>|<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+="/, 'no inline script or handler attribute');
  });

  it('gives the standalone launch facts and a fhirclient snippet with this FHIR base', async () => {
    const html = await (await fetch(`${t.url}/`)).text();
    assert.match(html, new RegExp(`<code id="fhir-base">${t.fhirBase}</code>`));
    assert.match(html, /Any client id, as long as the redirect URI is on this computer/);
    assert.match(html, new RegExp(`iss: &#39;${t.fhirBase}&#39;`));
    assert.match(html, /Registered apps/);
    assert.match(html, /<code class="nowrap">demo-confidential-app<\/code>/);
  });

  it('browses patients: a searchable list and one chart', async () => {
    const list = await (await fetch(`${t.url}/patients?q=lopez`)).text();
    assert.match(list, /Maria Lopez/);
    assert.doesNotMatch(list, /John Smith/);
    const chart = await fetch(`${t.url}/patients/pat-1`);
    assert.equal(chart.status, 200);
    const html = await chart.text();
    for (const heading of ['Latest vital signs', 'Problems', 'Medications', 'Allergies', 'Immunizations', 'Encounters']) assert.match(html, new RegExp(`>${heading}</h2>`));
    assert.match(html, /Annual check-up/);
    assert.equal((await fetch(`${t.url}/patients/nobody`)).status, 404);
  });
});

describe('home page of a sandbox without patients', () => {
  it('says why the pickers are empty and how to fill them', async () => {
    const sb = await createSandbox({ patients: 0, keyFile: TEST_KEY_FILE });
    const res = await request(sb.app).get('/');
    assert.equal(res.status, 200);
    assert.match(res.text, /id="empty-notice"/);
    assert.match(res.text, /--patients 0/);
    assert.match(res.text, /--data/);
    assert.doesNotMatch(res.text, /id="launch-demo"/);
  });
});
