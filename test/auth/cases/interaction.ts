/**
 * Contract §2-3: the pages of a launch (login, patient picker, encounter picker, consent),
 * the form contract, CSRF, the session cookie, escaping, and the deny and cancel paths.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkedValues, inputValues, promptOf, submit, TestBrowser, type Page } from '../../helpers/browser.js';
import { authorizeUrl, exchangeCode, standaloneLaunch, type AuthorizeRequest } from '../../helpers/flows.js';
import { startSandbox, type TestSandbox } from '../../helpers/sandbox.js';

describe('interaction pages', () => {
  let t: TestSandbox;
  before(async () => {
    t = await startSandbox();
  });
  after(() => t.close());

  async function open(req: AuthorizeRequest = {}): Promise<{ browser: TestBrowser; page: Page }> {
    const browser = new TestBrowser(t.url);
    const step = await browser.go(authorizeUrl(t, req));
    assert.ok(step.page, `expected a page, left to ${step.leftTo}`);
    return { browser, page: step.page };
  }

  async function through(req: AuthorizeRequest, fills: [string, string][][]): Promise<{ browser: TestBrowser; page: Page }> {
    const { browser, page } = await open(req);
    let current = page;
    for (const fields of fills) {
      const step = await submit(browser, current, fields);
      assert.ok(step.page, `left early to ${step.leftTo}`);
      current = step.page;
    }
    return { browser, page: current };
  }

  describe('login', () => {
    it('lists practitioners, patients and related persons from the store as plain HTML radios named user', async () => {
      const { page } = await open();
      assert.equal(promptOf(page.html), 'login');
      assert.match(page.html, /<form method="post"/);
      const users = inputValues(page.html, 'user');
      assert.deepEqual(users.sort(), ['Patient/child-1', 'Patient/pat-1', 'Patient/pat-2', 'Practitioner/prac-1', 'Practitioner/prac-2', 'RelatedPerson/rp-1']);
      assert.match(page.html, /NPI 1234567893/);
      assert.equal(inputValues(page.html, 'csrf').length, 1);
      assert.match(page.html, /<label for="user-0">/);
    });

    it('reads personas at request time', async () => {
      t.sb.store.create({ resourceType: 'Practitioner', name: [{ family: 'Newcomer', given: ['Nina'] }] });
      const { page } = await open();
      assert.match(page.html, /Nina Newcomer/);
    });

    it('searches by name and kind, with paging links kept', async () => {
      const { browser, page } = await open();
      const step = await browser.go(`${page.url}?q=lop&kind=Patient`);
      const users = inputValues(step.page!.html, 'user');
      assert.deepEqual(users.sort(), ['Patient/child-1', 'Patient/pat-1']);
      const accents = await browser.go(`${page.url}?q=L%C3%B3pez`);
      assert.ok(inputValues(accents.page!.html, 'user').includes('Patient/pat-1'), 'accent-insensitive');
    });

    it('refuses an unknown user and shows the page again with a message', async () => {
      const { browser, page } = await open();
      const step = await submit(browser, page, [['user', 'Practitioner/nobody']]);
      assert.equal(step.page?.status, 400);
      assert.equal(promptOf(step.page!.html), 'login');
      assert.match(step.page!.html, /role="alert"/);
    });

    it('cancelling on the login page redirects with access_denied and state', async () => {
      const { browser, page } = await open();
      const step = await submit(browser, page, [['decision', 'deny']]);
      const location = new URL(step.leftTo!);
      assert.equal(location.searchParams.get('error'), 'access_denied');
      assert.equal(location.searchParams.get('state'), 'state-123');
    });
  });

  describe('patient picker', () => {
    it('lists every patient with age and sex for a practitioner, searchable by name, birth date and MRN', async () => {
      const { browser, page } = await through({}, [[['user', 'Practitioner/prac-1']]]);
      assert.equal(promptOf(page.html), 'patient');
      assert.deepEqual(inputValues(page.html, 'patient').sort(), ['child-1', 'pat-1', 'pat-2']);
      assert.match(page.html, /Maria Lopez/);
      assert.match(page.html, /female/);
      assert.match(page.html, /\d+ years/);
      assert.match(page.html, /MRN MRN-0001/);
      const search = async (query: string): Promise<string[]> => inputValues((await browser.go(`${page.url}?${query}`)).page!.html, 'patient');
      assert.deepEqual(await search('q=smith'), ['pat-2']);
      assert.deepEqual(await search('birthdate=2015'), ['child-1']);
      assert.deepEqual(await search('birthdate=1980-05-17'), ['pat-1']);
      assert.deepEqual(await search('mrn=0002'), ['pat-2']);
      assert.deepEqual(await search('q=nobody'), []);
    });

    it('pages through many patients', async () => {
      const many = await startSandbox();
      try {
        for (let i = 0; i < 45; i++) many.sb.store.create({ resourceType: 'Patient', name: [{ family: `Extra${i}` }], gender: 'other', birthDate: '2000-01-01' });
        const browser = new TestBrowser(many.url);
        const first = await browser.go(authorizeUrl(many));
        const picker = await submit(browser, first.page!, [['user', 'Practitioner/prac-1']]);
        assert.equal(inputValues(picker.page!.html, 'patient').length, 20);
        assert.match(picker.page!.html, /Page 1 of 3/);
        const third = await browser.go(`${picker.page!.url}?page=3`);
        assert.equal(inputValues(third.page!.html, 'patient').length, 8);
      } finally {
        await many.close();
      }
    });

    it('shows a related person only the patient they act for, and a patient their own record and those they may act for', async () => {
      const parent = await through({}, [[['user', 'Patient/pat-1']]]);
      assert.deepEqual(inputValues(parent.page.html, 'patient').sort(), ['child-1', 'pat-1']);
      const step = await submit(parent.browser, parent.page, [['patient', 'pat-2']]);
      assert.equal(step.page?.status, 400, 'pat-2 is not hers to open');
    });

    it('skips the picker when the user may act for one patient only', async () => {
      const flow = await standaloneLaunch(t, {}, { user: 'Patient/pat-2' });
      assert.deepEqual(flow.prompts, ['login', 'consent']);
      const tokens = await exchangeCode(t, flow);
      assert.equal(tokens.body.patient, 'pat-2');
      const related = await standaloneLaunch(t, {}, { user: 'RelatedPerson/rp-1' });
      assert.equal((await exchangeCode(t, related)).body.patient, 'child-1');
    });

    it('is not shown when no patient scope is asked for', async () => {
      const flow = await standaloneLaunch(t, { scope: 'openid fhirUser user/*.rs' });
      assert.deepEqual(flow.prompts, ['login', 'consent']);
      assert.equal((await exchangeCode(t, flow)).body.patient, undefined);
    });
  });

  describe('encounter picker', () => {
    it('is shown for launch/encounter, lists the patient\'s encounters, and sets the encounter', async () => {
      const { page } = await through({ scope: 'launch/patient launch/encounter patient/*.rs' }, [[['user', 'Practitioner/prac-1']], [['patient', 'pat-1']]]);
      assert.equal(promptOf(page.html), 'encounter');
      assert.deepEqual(inputValues(page.html, 'encounter'), ['enc-2', 'enc-1']);
      assert.match(page.html, /<strong id="encounter-patient">Maria Lopez<\/strong>/, 'names the patient');
      const flow = await standaloneLaunch(t, { scope: 'launch/patient launch/encounter patient/*.rs' }, { patient: 'pat-1', encounter: 'enc-1' });
      assert.deepEqual(flow.prompts, ['login', 'patient', 'encounter', 'consent']);
      assert.equal((await exchangeCode(t, flow)).body.encounter, 'enc-1');
    });

    it('refuses an encounter of another patient', async () => {
      const { browser, page } = await through({ scope: 'launch/patient launch/encounter patient/*.rs' }, [[['user', 'Practitioner/prac-1']], [['patient', 'pat-1']]]);
      const step = await submit(browser, page, [['encounter', 'enc-3']]);
      assert.equal(step.page?.status, 400);
    });

    it('comes after the patient picker even when only launch/encounter asks for context', async () => {
      const flow = await standaloneLaunch(t, { scope: 'launch/encounter openid fhirUser user/*.rs' }, { patient: 'pat-1', encounter: 'enc-2' });
      assert.deepEqual(flow.prompts, ['login', 'patient', 'encounter', 'consent']);
      const tokens = await exchangeCode(t, flow);
      assert.equal(tokens.body.encounter, 'enc-2');
      assert.equal(tokens.body.patient, undefined, 'patient context only for launch/patient or patient/ scopes');
    });

    it('is skipped for a patient without encounters', async () => {
      const flow = await standaloneLaunch(t, { scope: 'launch/patient launch/encounter patient/*.rs' }, { patient: 'child-1' });
      assert.deepEqual(flow.prompts, ['login', 'patient', 'consent']);
      assert.equal((await exchangeCode(t, flow)).body.encounter, undefined);
    });
  });

  describe('consent', () => {
    const scope = 'launch/patient openid fhirUser offline_access patient/Observation.rs patient/Condition.rs patient/Patient.rs';
    const toConsent = (req: AuthorizeRequest = {}) => through({ scope, ...req }, [[['user', 'Practitioner/prac-1']], [['patient', 'pat-1']]]);

    it('shows the app, its redirect host, each scope in words with a checkbox named scope, and offline access called out', async () => {
      const { page } = await toConsent({ clientId: 'demo-confidential-app' });
      assert.equal(promptOf(page.html), 'consent');
      assert.match(page.html, /Demo confidential app/);
      assert.match(page.html, /id="redirect-host">localhost:5173</);
      assert.deepEqual(checkedValues(page.html, 'scope'), scope.split(' '));
      // A clinician shares the patient's data: the page names whose it is.
      assert.match(page.html, /<h1>Allow Demo confidential app \(client secret\) to access Maria Lopez&#39;s data\?<\/h1>/);
      assert.match(page.html, /Read and search Maria Lopez&#39;s observations/);
      assert.doesNotMatch(page.html, /your observations/);
      assert.match(page.html, /id="offline-notice"/);
      assert.doesNotMatch(page.html, /id="permissive-notice"/);
      assert.match(page.html, /name="decision" value="allow"/);
      assert.match(page.html, /name="decision" value="deny"/);
    });

    it('tells a patient in their own record that the data is theirs', async () => {
      const { page } = await through({ scope }, [[['user', 'Patient/pat-1']], [['patient', 'pat-1']]]);
      assert.equal(promptOf(page.html), 'consent');
      assert.match(page.html, /Read and search your observations/);
      assert.match(page.html, /to access your data\?<\/h1>/);
    });

    it('offers category sub-scopes for Observation and Condition, unticked', async () => {
      const { page } = await toConsent();
      const all = inputValues(page.html, 'scope');
      for (const c of ['laboratory', 'vital-signs', 'social-history', 'survey', 'sdoh', 'clinical-test']) {
        assert.ok(all.some((s) => s.startsWith('patient/Observation.rs?category=') && s.endsWith(`|${c}`)), c);
      }
      for (const c of ['problem-list-item', 'encounter-diagnosis', 'health-concern']) {
        assert.ok(all.some((s) => s.startsWith('patient/Condition.rs?category=') && s.endsWith(`|${c}`)), c);
      }
      assert.ok(!all.some((s) => s.startsWith('patient/Patient.rs?')), 'no categories for Patient');
      assert.ok(checkedValues(page.html, 'scope').every((s) => !s.includes('?')));
    });

    it('grants exactly the ticked scopes, a category sub-scope verbatim instead of the whole type', async () => {
      const lab = 'patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory';
      const flow = await standaloneLaunch(t, { scope }, { patient: 'pat-1', scopes: ['launch/patient', 'openid', 'fhirUser', lab, 'patient/Patient.rs'] });
      const tokens = await exchangeCode(t, flow);
      assert.equal(tokens.body.scope, `launch/patient openid fhirUser ${lab} patient/Patient.rs`);
      assert.equal(tokens.body.refresh_token, undefined, 'offline_access unticked: no refresh token');
    });

    it('refuses a scope that was not offered', async () => {
      const { browser, page } = await toConsent();
      const step = await submit(browser, page, [['scope', 'user/*.cruds'], ['decision', 'allow']]);
      assert.equal(step.page?.status, 400);
      assert.match(step.page!.html, /not offered/);
    });

    it('says when the client was accepted by the permissive default', async () => {
      const { page } = await toConsent({ clientId: 'unregistered-app' });
      assert.match(page.html, /id="permissive-notice"/);
      assert.match(page.html, /not registered/);
    });

    it('lists what was not offered and why', async () => {
      const { page } = await toConsent({ scope: `${scope} system/*.rs` });
      assert.match(page.html, /Not offered \(1\)/);
      assert.match(page.html, /system\/\*\.rs/);
    });

    it('Deny redirects with access_denied and state, and emits the decision', async () => {
      const decisions: string[] = [];
      const stop = t.sb.events.on('auth.consent', (e) => decisions.push(e.decision));
      const flow = await standaloneLaunch(t, { state: 'deny-state' }, { decision: 'deny' });
      stop();
      assert.equal(flow.error, 'access_denied');
      assert.equal(flow.state, 'deny-state');
      assert.equal(flow.code, undefined);
      assert.deepEqual(decisions, ['deny']);
    });

    it('Back after Deny says the app already has its answer, without blaming its redirect address', async () => {
      const { browser, page } = await toConsent();
      const step = await submit(browser, page, [['decision', 'deny']]);
      assert.equal(new URL(step.leftTo!).searchParams.get('error'), 'access_denied');
      const back = await browser.request('GET', page.url);
      assert.equal(back.status, 410);
      const html = await back.text();
      assert.match(html, /You denied <strong>Demo public app<\/strong> access/);
      assert.doesNotMatch(html, /redirect address/);
      const again = await submit(browser, page, [['decision', 'allow'], ['scope', 'patient/Patient.rs']]);
      assert.equal(again.page?.status, 410, 'a finished sign-in cannot be resumed');
    });

    it('Approve with nothing ticked is a denial', async () => {
      const { browser, page } = await toConsent();
      const step = await submit(browser, page, [['decision', 'allow']]);
      assert.equal(new URL(step.leftTo!).searchParams.get('error'), 'access_denied');
    });

    it('redirects to the app with 302, code and state', async () => {
      const { browser, page } = await toConsent();
      const form = new URLSearchParams([['csrf', inputValues(page.html, 'csrf')[0]!], ['prompt', 'consent'], ['scope', 'patient/Patient.rs'], ['decision', 'allow']]);
      const res = await browser.request('POST', page.url, form);
      assert.equal(res.status, 302);
      const location = new URL(res.headers.get('location')!);
      assert.match(location.searchParams.get('code')!, /^[A-Za-z0-9_-]+$/);
      assert.equal(location.searchParams.get('state'), 'state-123');
    });
  });

  describe('security of the pages', () => {
    it('sets an httpOnly, SameSite=Lax session cookie', async () => {
      const browser = new TestBrowser(t.url);
      const res = await browser.request('GET', authorizeUrl(t));
      const interaction = await browser.request('GET', new URL(res.headers.get('location')!, t.url).href);
      assert.equal(interaction.status, 200);
      const cookie = browser.lastSetCookie.find((c) => c.startsWith('mock-ehr.sid='));
      assert.ok(cookie, 'a session cookie');
      assert.match(cookie, /HttpOnly/i);
      assert.match(cookie, /SameSite=Lax/i);
    });

    it('refuses a form without the CSRF token, or with another one', async () => {
      const { browser, page } = await open();
      for (const csrf of [undefined, 'forged', inputValues(page.html, 'csrf')[0]!.slice(1)]) {
        const form = new URLSearchParams([['prompt', 'login'], ['user', 'Practitioner/prac-1']]);
        if (csrf !== undefined) form.set('csrf', csrf);
        const res = await browser.request('POST', page.url, form);
        assert.equal(res.status, 403);
        assert.match(await res.text(), /expired or did not come from this page/);
      }
    });

    it('refuses an interaction opened in another browser session', async () => {
      const { page } = await open();
      const other = new TestBrowser(t.url);
      const res = await other.request('GET', page.url);
      assert.equal(res.status, 403);
      assert.match(await res.text(), /another browser session/);
    });

    it('shows an error page for an unknown or finished interaction', async () => {
      const res = await fetch(`${t.url}/auth/interaction/unknown-id`);
      assert.equal(res.status, 404);
      assert.match(await res.text(), /unknown, finished or expired/);
      const flow = await standaloneLaunch(t);
      const again = await flow.browser.request('GET', `${t.url}/auth/interaction/unknown`);
      assert.equal(again.status, 404);
    });

    it('escapes everything it shows', async () => {
      const evil = '<script>alert(1)</script>';
      const { page } = await open({ clientId: `x${evil}`, redirectUri: 'http://localhost:5173/cb' });
      assert.ok(!page.html.includes(evil));
      assert.match(page.html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      t.sb.store.create({ resourceType: 'Practitioner', name: [{ family: evil }] });
      const login = await open();
      assert.ok(!login.page.html.includes(evil));
      const strict = await startSandbox({ strict: true });
      try {
        const res = await fetch(authorizeUrl(strict, { clientId: evil }));
        assert.ok(!(await res.text()).includes(evil));
      } finally {
        await strict.close();
      }
    });

    it('sends no-store, no framing and no referrer on pages', async () => {
      const { page } = await open();
      assert.equal(page.headers.get('cache-control'), 'no-store');
      assert.equal(page.headers.get('x-frame-options'), 'DENY');
      assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
      assert.doesNotMatch(page.headers.get('content-security-policy')!, /form-action/);
    });

    it('expires an interaction on the sandbox clock', async () => {
      const { browser, page } = await open();
      t.sb.clock.advance(31 * 60 * 1000);
      try {
        const res = await browser.request('GET', page.url);
        assert.equal(res.status, 404);
      } finally {
        t.sb.clock.advance(-31 * 60 * 1000);
      }
    });

    it('emits a typed event at every step', async () => {
      const types: string[] = [];
      const stop = t.sb.events.on('*', (e) => types.push(e.type));
      const flow = await standaloneLaunch(t, { scope: 'launch/patient launch/encounter openid fhirUser patient/*.rs' }, { patient: 'pat-1' });
      await exchangeCode(t, flow);
      stop();
      assert.deepEqual(types.filter((x) => x.startsWith('auth.')), ['auth.authorize', 'auth.login', 'auth.patient-selected', 'auth.encounter-selected', 'auth.consent', 'auth.code', 'auth.pkce', 'auth.token', 'auth.tokens-decoded']);
    });
  });
});
