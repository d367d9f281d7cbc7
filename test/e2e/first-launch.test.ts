/**
 * A first launch, in a real browser: the demo app launched from the home page and by
 * standalone launch ends with the patient's data on screen; the flow inspector shows every
 * step of the flow in order; and axe-core finds no WCAG 2 A/AA violation on the pages.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { createSandbox, type Sandbox } from '../../src/index.js';
import { axeViolations, launchChromium, skipWithoutChromium, type TestBrowserContext } from '../helpers/chromium.js';
import { TEST_KEY_FILE } from '../helpers/fixtures.js';

describe('a first launch in a real browser', { skip: skipWithoutChromium }, () => {
  let sb: Sandbox;
  let root: string;
  let browser: TestBrowserContext;

  before(async () => {
    sb = await createSandbox({ patients: 3, keyFile: TEST_KEY_FILE });
    root = await sb.listen(0, '127.0.0.1');
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await sb?.close();
  });

  async function patientDataOnScreen(page: Page): Promise<void> {
    await page.getByText(/^Signed in\. Showing /).waitFor();
    assert.notEqual((await page.locator('#patient-name').innerText()).trim(), '');
    assert.ok((await page.locator('#vitals tbody tr').count()) > 0, 'latest vitals are listed');
    assert.equal(await page.locator('#bp-chart svg[role=img] path.systolic').count(), 1, 'the blood pressure chart is drawn');
    assert.match(await page.locator('#grant').innerText(), /patient\/Observation\.rs/);
  }

  it('launches the demo app from the home page and shows the patient', async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${root}/`);
    await page.getByRole('button', { name: 'Launch the demo app' }).click();
    await page.getByRole('heading', { name: /Allow mock-ehr demo app/ }).waitFor();
    assert.ok(await page.locator('#consent-encounter').isVisible(), 'the consent page names the encounter in context');
    await page.getByRole('button', { name: 'Approve' }).click();
    await patientDataOnScreen(page);
    assert.match(await page.locator('#grant').innerText(), /Encounter in context/);
    assert.deepEqual(errors, [], 'no script error, no CSP violation');
    await page.close();
  });

  it('does a standalone launch, and the inspector shows every step of it in order', async () => {
    const inspector = await browser.context.newPage();
    await inspector.goto(`${root}/inspector`);
    await inspector.getByText(/^Live:/).waitFor();

    const page = await browser.context.newPage();
    await page.goto(`${root}/demo-app/`);
    await page.getByRole('button', { name: 'Sign in and choose a patient' }).click();
    await page.getByRole('heading', { name: /Sign in/ }).waitFor();
    await page.locator('input[name=user][value^="Practitioner/"]').first().check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Choose a patient' }).waitFor();
    await page.locator('input[name=patient]').first().check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: /Allow mock-ehr demo app/ }).waitFor();
    // A clinician shares the patient's data, not "your" data.
    assert.doesNotMatch(await page.locator('#consent-form').innerText(), /your observations/);
    await page.getByRole('button', { name: 'Approve' }).click();
    await patientDataOnScreen(page);
    await page.getByRole('button', { name: 'Refresh the access token' }).click();
    await page.getByText('Access token refreshed.').waitFor();
    await page.getByRole('button', { name: /Sign out/ }).click();
    await page.getByText('Signed out.').waitFor();

    const flow = inspector.locator('section.flow', { has: inspector.locator('[data-kind="auth.login"]') }).first();
    await flow.locator('[data-kind="auth.revoke"]').first().waitFor();
    const kinds = await flow.locator('li.step').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.kind));
    const expected = ['discovery', 'auth.authorize', 'auth.login', 'auth.patient-selected', 'auth.consent', 'auth.code', 'auth.pkce', 'auth.token', 'auth.tokens-decoded', 'fhir.request', 'auth.refresh', 'auth.revoke'];
    const firstSeen = kinds.filter((k, i) => kinds.indexOf(k) === i);
    assert.deepEqual(firstSeen, expected);
    const text = await flow.innerText();
    assert.match(text, /SHA-256 of code_verifier/);
    assert.match(text, /Signature verified/);
    assert.match(text, /Allowed by/);
    assert.doesNotMatch(text, /refresh_token"\s*:/, 'no refresh token value');
    // Filtering by client hides the flows of other clients.
    await inspector.getByLabel('Show flows of').selectOption('demo-public-app');
    assert.equal(await flow.isVisible(), false);
    await inspector.getByLabel('Show flows of').selectOption('demo-app');
    assert.equal(await flow.isVisible(), true);
    await page.close();
    await inspector.close();
  });

  it('has no WCAG 2 A/AA violation on its pages at 1280 and 390 px', async () => {
    const patientId = [...sb.store.all('Patient')][0]!.id;
    const page = await browser.context.newPage();
    const problems: string[] = [];
    const check = async (label: string) => {
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 900 });
        for (const v of await axeViolations(page)) problems.push(`${label} at ${width}px: ${v}`);
      }
    };
    for (const [label, path] of [
      ['home', '/'],
      ['patients', '/patients'],
      ['chart', `/patients/${patientId}`],
      ['inspector', '/inspector'],
      ['demo app (not launched)', '/demo-app/'],
    ]) {
      await page.goto(`${root}${path!}`);
      await check(label!);
    }
    await page.goto(`${root}/demo-app/`);
    await page.getByRole('button', { name: 'Sign in and choose a patient' }).click();
    await page.getByRole('heading', { name: /Sign in/ }).waitFor();
    await check('login');
    await page.locator('input[name=user][value^="Practitioner/"]').first().check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Choose a patient' }).waitFor();
    await check('patient picker');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByText('Stopped.').waitFor();
    await check('demo app (access denied)');
    await page.goBack();
    await page.getByRole('heading', { name: 'This request is already answered' }).waitFor();
    await check('Back after Deny');
    await page.goto(`${root}/auth/authorize?client_id=demo-app&redirect_uri=${encodeURIComponent('https://elsewhere.example/cb')}&response_type=code`);
    await page.getByRole('heading', { name: 'Authorization error' }).waitFor();
    await check('error page');

    await page.goto(`${root}/`);
    await page.getByRole('button', { name: 'Launch the demo app' }).click();
    await page.getByRole('heading', { name: /Allow mock-ehr demo app/ }).waitFor();
    await check('consent');
    await page.getByRole('button', { name: 'Approve' }).click();
    await patientDataOnScreen(page);
    await check('demo app (showing a patient)');
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('fills the launcher\'s encounter menu from the chosen patient, without leaving the page', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${root}/`);
    const patient = [...sb.store.all('Patient')][1]!;
    await page.getByLabel('Patient in context').selectOption(patient.id);
    // Polled from here: a string predicate would be evaluated in the page, which its CSP forbids.
    const ofPatient = (id: string): boolean => (sb.store.peek('Encounter', id)?.subject as { reference?: string } | undefined)?.reference === `Patient/${patient.id}`;
    let values: string[] = [];
    for (let tries = 0; tries < 100; tries++) {
      values = await page.locator('#encounter option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value).filter(Boolean));
      if (values.length > 0 && values.every(ofPatient)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(values.length > 0, 'the menu lists encounters');
    assert.ok(values.every(ofPatient), 'only that patient\'s encounters');
    assert.match(await page.locator('#encounter-hint').innerText(), /encounters of .+, newest first/);
    assert.equal(new URL(page.url()).search, '', 'no navigation, no CSRF token in a URL');
    await page.close();
  });

  it('keeps the FHIR base and client ids whole at phone width', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto(`${root}/`);
    const lines = (selector: string) => page.locator(selector).evaluateAll((els) => els.map((e) => [e.textContent, e.getClientRects().length]));
    for (const [text, count] of [...(await lines('#fhir-base')), ...(await lines('code.nowrap'))]) assert.equal(count, 1, `${text} wraps`);
    const width = (await page.evaluate('document.documentElement.scrollWidth')) as number;
    assert.ok(width <= 390, `the home page is ${width}px wide at phone width`);
    await page.close();
  });
});
