/**
 * End to end with openid-client 6: what the user grants on the consent page is what the FHIR
 * API enforces. A type unticked on the consent page is refused with 403 insufficient_scope
 * while the others stay readable, and a category sub-scope limits searches to exactly that
 * category and refuses reads outside it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as oidc from 'openid-client';
import { checkedValues, inputValues, promptOf, TestBrowser, type Page, type Step } from '../../helpers/browser.js';
import type { LaunchChoices } from '../../helpers/flows.js';
import { authorizeWithOpenid, discoverSmart } from '../../helpers/openid.js';
import { startSandbox, type TestSandbox } from '../../helpers/sandbox.js';

const OBS_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const LAB_SCOPE = `patient/Observation.rs?category=${OBS_CATEGORY}|laboratory`;

interface Coding {
  system?: string;
  code?: string;
}
interface BundleEntry {
  fullUrl?: string;
  resource?: { resourceType: string; id?: string; category?: { coding?: Coding[] }[] };
  search?: { mode?: string };
}
interface Bundle {
  resourceType: string;
  type?: string;
  total?: number;
  link?: { relation: string; url: string }[];
  entry?: BundleEntry[];
}
interface OperationOutcome {
  resourceType: string;
  issue: { severity: string; code: string; diagnostics?: string }[];
}

/** A browser that keeps every page it was shown, so a test can look at the consent page. */
class RecordingBrowser extends TestBrowser {
  readonly pages: Page[] = [];

  override async go(url: string, method: 'GET' | 'POST' = 'GET', form?: URLSearchParams): Promise<Step> {
    const step = await super.go(url, method, form);
    if (step.page) this.pages.push(step.page);
    return step;
  }

  /** The last consent page shown. */
  get consent(): Page {
    const page = this.pages.findLast((p) => promptOf(p.html) === 'consent');
    assert.ok(page, `no consent page among ${this.pages.map((p) => promptOf(p.html)).join(', ')}`);
    return page;
  }
}

/** Whether a resource has a category coding `system|code`. */
function hasCategory(r: object, system: string, code: string): boolean {
  const { category } = r as { category?: unknown };
  return Array.isArray(category) && (category as { coding?: Coding[] }[]).some((c) => c.coding?.some((k) => k.system === system && k.code === code) ?? false);
}

/** Whether a resource's subject is the patient `patient`. */
const subjectIs = (r: object, patient: string): boolean => (r as { subject?: { reference?: string } }).subject?.reference === `Patient/${patient}`;

describe('scope enforcement after a launch through the consent page (openid-client)', () => {
  let t: TestSandbox;
  /** A patient with encounters, a condition, and laboratory and vital-signs observations, found in the data. */
  let patient: string;
  /** Another patient, whose records must never show up under the first one's token. */
  let other: string;

  const observationsOf = (id: string) => [...t.sb.store.all('Observation')].filter((o) => subjectIs(o, id));
  const labsOf = (id: string) => observationsOf(id).filter((o) => hasCategory(o, OBS_CATEGORY, 'laboratory'));

  before(async () => {
    t = await startSandbox();
    const ids = [...t.sb.store.all('Patient')].map((p) => p.id);
    const withAll = ids.filter(
      (id) =>
        labsOf(id).length > 0 &&
        observationsOf(id).some((o) => hasCategory(o, OBS_CATEGORY, 'vital-signs')) &&
        [...t.sb.store.all('Condition')].some((c) => subjectIs(c, id)) &&
        [...t.sb.store.all('Encounter')].some((e) => subjectIs(e, id)),
    );
    assert.ok(withAll[0], 'the test chart has a patient with encounters, a condition, and lab and vital-signs observations');
    patient = withAll[0];
    other = ids.find((id) => id !== patient)!;
    // More observations, so that a category filter that keeps too little, too much, or
    // another patient's results shows up in the counts: a second laboratory result and a
    // survey for the patient, and a laboratory result for someone else.
    const observation = (subject: string, category: string, code: string) => ({
      resourceType: 'Observation',
      status: 'final',
      category: [{ coding: [{ system: OBS_CATEGORY, code: category }] }],
      code: { coding: [{ system: 'http://loinc.org', code }] },
      subject: { reference: `Patient/${subject}` },
      effectiveDateTime: '2024-05-02T10:00:00Z',
    });
    t.sb.store.create(observation(patient, 'laboratory', '718-7'));
    t.sb.store.create(observation(patient, 'survey', '72166-2'));
    t.sb.store.create(observation(other, 'laboratory', '2345-7'));
  });
  after(() => t.close());

  const discover = (clientId: string) => discoverSmart(t, clientId);
  const authorize = (config: oidc.Configuration, scope: string, choices: LaunchChoices, browser?: TestBrowser) => authorizeWithOpenid(t, config, scope, choices, {}, browser);

  /** A FHIR GET through the library, expected to succeed with JSON. */
  async function fhirGet<T>(config: oidc.Configuration, token: string, path: string): Promise<T> {
    const res = await oidc.fetchProtectedResource(config, token, new URL(`${t.fhirBase}/${path}`), 'GET');
    const body = await res.text();
    assert.equal(res.status, 200, `GET ${path}: ${body}`);
    return JSON.parse(body) as T;
  }

  /** A FHIR GET through the library, expected to be refused with 403 and a Bearer challenge. */
  async function fhirForbidden(config: oidc.Configuration, token: string, path: string) {
    const error = await oidc.fetchProtectedResource(config, token, new URL(`${t.fhirBase}/${path}`), 'GET').then(
      async (res) => assert.fail(`GET ${path} should be refused, got ${res.status}: ${await res.text()}`),
      (e: unknown) => e,
    );
    assert.ok(error instanceof oidc.WWWAuthenticateChallengeError, `GET ${path}: expected a WWW-Authenticate challenge, got ${String(error)}`);
    assert.equal(error.status, 403, `GET ${path}`);
    const challenge = error.cause.find((c) => c.scheme === 'bearer');
    assert.ok(challenge, `GET ${path}: a Bearer challenge, got ${error.response.headers.get('www-authenticate')}`);
    assert.equal(challenge.parameters.error, 'insufficient_scope');
    const outcome = (await error.response.json()) as OperationOutcome;
    assert.equal(outcome.resourceType, 'OperationOutcome');
    assert.equal(outcome.issue[0]?.code, 'forbidden');
    return { challenge, outcome };
  }

  const ids = (bundle: Bundle) => (bundle.entry ?? []).map((e) => `${e.resource?.resourceType}/${e.resource?.id}`).sort();
  const matches = (bundle: Bundle) => (bundle.entry ?? []).filter((e) => e.search?.mode !== 'include');

  function assertSearchset(bundle: Bundle, what: string) {
    assert.equal(bundle.resourceType, 'Bundle', what);
    assert.equal(bundle.type, 'searchset', what);
    assert.ok(!bundle.link?.some((l) => l.relation === 'next'), `${what}: everything on one page`);
  }

  it('refuses a type the user unticked on the consent page and serves the others', async () => {
    const config = await discover('demo-public-app');
    const requested = ['openid', 'fhirUser', 'launch/patient', 'patient/Patient.rs', 'patient/Observation.rs', 'patient/Condition.rs', 'patient/Encounter.rs'];
    const kept = requested.filter((s) => s !== 'patient/Condition.rs');
    const browser = new RecordingBrowser(t.url);
    const tokens = await authorize(config, requested.join(' '), { user: 'Practitioner/prac-1', patient, scopes: kept }, browser);

    const consent = browser.consent.html;
    assert.deepEqual(checkedValues(consent, 'scope').sort(), [...requested].sort(), 'every requested scope is offered, ticked');
    assert.equal(tokens.patient, patient);
    const granted = tokens.scope!.split(' ');
    assert.ok(!granted.includes('patient/Condition.rs'), `granted: ${tokens.scope}`);
    assert.deepEqual([...granted].sort(), [...kept].sort(), 'the grant is what stayed ticked');

    const { challenge, outcome } = await fhirForbidden(config, tokens.access_token, `Condition?patient=${patient}`);
    assert.match(challenge.parameters.scope ?? '', /^patient\/Condition\./, 'the challenge names a Condition scope that would allow it');
    assert.match(outcome.issue[0]?.diagnostics ?? '', /Condition/);
    const condition = [...t.sb.store.all('Condition')].find((c) => subjectIs(c, patient))!;
    await fhirForbidden(config, tokens.access_token, `Condition/${condition.id}`);

    const observations = await fhirGet<Bundle>(config, tokens.access_token, `Observation?patient=${patient}`);
    assertSearchset(observations, 'Observation search');
    assert.ok(matches(observations).length > 0, 'Observation search has entries');
    assert.deepEqual(ids(observations), observationsOf(patient).map((o) => `Observation/${o.id}`).sort(), "exactly the patient's observations");

    const encounters = await fhirGet<Bundle>(config, tokens.access_token, `Encounter?patient=${patient}`);
    assertSearchset(encounters, 'Encounter search');
    assert.ok(matches(encounters).length > 0, 'Encounter search has entries');
    const expected = [...t.sb.store.all('Encounter')].filter((e) => subjectIs(e, patient)).map((e) => `Encounter/${e.id}`);
    assert.deepEqual(ids(encounters), expected.sort(), "exactly the patient's encounters");
  });

  it('requested as a category sub-scope: searches return exactly that category and reads outside it are 403', async () => {
    const config = await discover('demo-public-app');
    const requested = ['openid', 'fhirUser', 'launch/patient', 'patient/Patient.rs', LAB_SCOPE];
    const tokens = await authorize(config, requested.join(' '), { user: 'Practitioner/prac-1', patient, scopes: requested });
    assert.equal(tokens.patient, patient);
    assert.deepEqual(tokens.scope!.split(' ').sort(), [...requested].sort());
    await assertLabOnly(config, tokens.access_token);
  });

  it('narrowed on the consent page: the whole type unticked, only its laboratory category ticked', async () => {
    const config = await discover('demo-public-app');
    const requested = ['openid', 'fhirUser', 'launch/patient', 'patient/Patient.rs', 'patient/Observation.rs'];
    const kept = [...requested.filter((s) => s !== 'patient/Observation.rs'), LAB_SCOPE];
    const browser = new RecordingBrowser(t.url);
    const tokens = await authorize(config, requested.join(' '), { user: 'Practitioner/prac-1', patient, scopes: kept }, browser);

    const consent = browser.consent.html;
    assert.ok(inputValues(consent, 'scope').includes(LAB_SCOPE), 'the consent page offers the laboratory category of Observation');
    assert.ok(!checkedValues(consent, 'scope').includes(LAB_SCOPE), 'category sub-scopes are offered unticked');
    assert.equal(tokens.patient, patient);
    const granted = tokens.scope!.split(' ');
    assert.ok(!granted.includes('patient/Observation.rs'), `granted: ${tokens.scope}`);
    assert.deepEqual([...granted].sort(), [...kept].sort(), 'the grant is what was ticked');
    await assertLabOnly(config, tokens.access_token);
  });

  /** With a token limited to laboratory Observations of `patient`. */
  async function assertLabOnly(config: oidc.Configuration, token: string) {
    const labs = labsOf(patient);
    assert.ok(labs.length >= 2 && labs.length < observationsOf(patient).length, 'the patient has laboratory results and other observations');

    const bundle = await fhirGet<Bundle>(config, token, `Observation?patient=${patient}`);
    assertSearchset(bundle, 'Observation search');
    const found = matches(bundle);
    assert.ok(found.length > 0, 'the search has entries');
    for (const e of found) {
      assert.ok(e.resource && hasCategory(e.resource, OBS_CATEGORY, 'laboratory'), `${e.fullUrl} is not a laboratory result: ${JSON.stringify(e.resource?.category)}`);
    }
    assert.equal(found.length, labs.length, "as many results as the patient's laboratory observations in the store");
    assert.deepEqual(ids(bundle), labs.map((o) => `Observation/${o.id}`).sort(), "exactly the patient's laboratory observations");
    if (bundle.total !== undefined) assert.equal(bundle.total, labs.length, 'total counts only what the token may see');

    // The same, asked for explicitly; and another category asked for explicitly finds nothing.
    const explicit = await fhirGet<Bundle>(config, token, `Observation?patient=${patient}&category=${encodeURIComponent(`${OBS_CATEGORY}|laboratory`)}`);
    assert.deepEqual(ids(explicit), ids(bundle));
    const vitalsSearch = await fhirGet<Bundle>(config, token, `Observation?patient=${patient}&category=vital-signs`);
    assertSearchset(vitalsSearch, 'vital-signs search');
    assert.equal(matches(vitalsSearch).length, 0, 'no vital signs under a laboratory-only grant');

    const lab = labs[0]!;
    const read = await fhirGet<{ resourceType: string; id: string }>(config, token, `Observation/${lab.id}`);
    assert.equal(read.id, lab.id, 'a laboratory result reads');

    const vital = observationsOf(patient).find((o) => hasCategory(o, OBS_CATEGORY, 'vital-signs'))!;
    const { outcome } = await fhirForbidden(config, token, `Observation/${vital.id}`);
    assert.match(outcome.issue[0]?.diagnostics ?? '', new RegExp(`Observation/${vital.id}`));
  }
});
