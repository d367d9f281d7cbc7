/**
 * A real browser (Chromium through playwright-core) clicks through the pages: login,
 * patient picker, consent with a box unticked, the deny path, and the EHR launcher; at
 * phone width, without JavaScript on the sandbox's pages. Skipped when /usr/bin/chromium
 * is absent outside CI (CI installs it, and fails without it).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { pkcePair } from '../../helpers/pkce.js';
import { postForm } from '../../helpers/flows.js';
import { startSandbox, type TestSandbox } from '../../helpers/sandbox.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
// In CI (CI=true) a missing browser is a failure, never a silent skip.
if (!existsSync(CHROMIUM) && process.env.CI === 'true') throw new Error(`${CHROMIUM} is not installed; .ci/run installs it`);
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed (apt-get install chromium); browser tests skipped`;

describe('in a real browser', { skip }, () => {
  let t: TestSandbox;
  let app: Server;
  let appUrl: string;
  let context: BrowserContext;
  let profile: string;

  before(async () => {
    t = await startSandbox();
    // The app under test: it only has to exist for the browser to land on.
    app = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>app</title><p>app</p>'));
    await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
    appUrl = `http://localhost:${(app.address() as AddressInfo).port}`;
    profile = mkdtempSync(join(tmpdir(), 'mock-ehr-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      javaScriptEnabled: false,
      viewport: { width: 375, height: 740 },
    });
    context.setDefaultTimeout(5000);
  });

  after(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    app?.close();
    await t?.close();
  });

  function authorizeUrl(challenge: string, scope: string, state: string): string {
    const q = new URLSearchParams({
      response_type: 'code',
      client_id: 'demo-public-app',
      redirect_uri: `${appUrl}/callback`,
      scope,
      state,
      aud: t.fhirBase,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    return `${t.url}/auth/authorize?${q}`;
  }

  async function fitsPhoneWidth(page: Page): Promise<void> {
    const width = await page.evaluate('document.documentElement.scrollWidth');
    assert.ok((width as number) <= 375, `the page is ${width}px wide at phone width`);
  }

  async function everyInputLabelled(page: Page): Promise<void> {
    const unlabelled = await page.locator('input:not([type=hidden]), select').evaluateAll((els) =>
      els.filter((el) => !(el as HTMLInputElement).labels?.length && !el.getAttribute('aria-label')).map((el) => el.outerHTML),
    );
    assert.deepEqual(unlabelled, []);
  }

  it('logs in, searches and picks a patient, unticks offline access, approves, and the app gets a working code', async () => {
    const page = await context.newPage();
    const pkce = pkcePair();
    await page.goto(authorizeUrl(pkce.challenge, 'launch/patient openid fhirUser offline_access patient/*.rs', 'browser-state'));

    await page.getByRole('heading', { name: /Sign in to continue/ }).waitFor();
    await fitsPhoneWidth(page);
    await everyInputLabelled(page);
    await page.getByLabel(/Alice Carter/).check();
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByRole('heading', { name: 'Choose a patient' }).waitFor();
    await everyInputLabelled(page);
    await page.getByRole('searchbox', { name: 'Name' }).fill('smith');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByLabel(/John Smith/).check();
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByRole('heading', { name: /Allow Demo public app/ }).waitFor();
    await fitsPhoneWidth(page);
    await everyInputLabelled(page);
    assert.match(await page.locator('#offline-notice').innerText(), /Offline access/);
    await page.getByLabel(/Stay signed in/).uncheck();
    await page.getByRole('button', { name: 'Approve' }).click();

    await page.waitForURL(/\/callback\?/);
    const back = new URL(page.url());
    assert.equal(back.searchParams.get('state'), 'browser-state');
    const tokens = await postForm(`${t.url}/auth/token`, {
      grant_type: 'authorization_code',
      code: back.searchParams.get('code')!,
      redirect_uri: `${appUrl}/callback`,
      code_verifier: pkce.verifier,
      client_id: 'demo-public-app',
    });
    assert.equal(tokens.status, 200);
    assert.equal(tokens.body.patient, 'pat-2');
    assert.equal(tokens.body.scope, 'launch/patient openid fhirUser patient/*.rs');
    assert.equal(tokens.body.refresh_token, undefined);
    await page.close();
  });

  it('shares one category of observations instead of all of them', async () => {
    const page = await context.newPage();
    const pkce = pkcePair();
    await page.goto(authorizeUrl(pkce.challenge, 'launch/patient patient/Observation.rs', 'category-state'));
    await page.getByLabel(/Alice Carter/).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel(/Maria Lopez/).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel(/Read and search Maria Lopez's observations/).uncheck();
    await page.getByText('Share only some categories instead').click();
    await page.getByLabel(/^Laboratory/).check();
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL(/\/callback\?/);
    const code = new URL(page.url()).searchParams.get('code')!;
    const tokens = await postForm(`${t.url}/auth/token`, { grant_type: 'authorization_code', code, redirect_uri: `${appUrl}/callback`, code_verifier: pkce.verifier, client_id: 'demo-public-app' });
    assert.equal(tokens.body.scope, 'launch/patient patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory');
    await page.close();
  });

  it('denies: the app gets access_denied and its state', async () => {
    const page = await context.newPage();
    await page.goto(authorizeUrl(pkcePair().challenge, 'launch/patient patient/*.rs', 'deny-state'));
    await page.getByLabel(/Alice Carter/).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel(/Maria Lopez/).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Deny' }).click();
    await page.waitForURL(/\/callback\?/);
    const back = new URL(page.url());
    assert.equal(back.searchParams.get('error'), 'access_denied');
    assert.equal(back.searchParams.get('state'), 'deny-state');
    assert.equal(back.searchParams.get('code'), null);
    await page.close();
  });

  it('launches an app from the EHR launcher', async () => {
    const page = await context.newPage();
    await page.goto(`${t.url}/`);
    await fitsPhoneWidth(page);
    await everyInputLabelled(page);
    await page.getByLabel('Signed-in user').selectOption('Practitioner/prac-2');
    await page.getByLabel('Patient in context').selectOption('pat-1');
    await page.getByLabel('Client id').fill('demo-public-app');
    await page.getByLabel('App launch URL').fill(`${appUrl}/launch`);
    await page.getByRole('button', { name: 'Launch', exact: true }).click();
    await page.waitForURL(/\/launch\?/);
    const opened = new URL(page.url());
    assert.equal(opened.searchParams.get('iss'), t.fhirBase);
    assert.ok(opened.searchParams.get('launch'));
    await page.close();
  });

  it('shows an error page, not a redirect, for an unverified redirect_uri', async () => {
    const page = await context.newPage();
    const res = await page.goto(`${t.url}/auth/authorize?client_id=demo-public-app&redirect_uri=${encodeURIComponent('https://evil.example/cb')}&response_type=code`);
    assert.equal(res?.status(), 400);
    await page.getByRole('heading', { name: 'Authorization error' }).waitFor();
    assert.ok(page.url().startsWith(t.url));
    await page.close();
  });
});
