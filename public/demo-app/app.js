// The demo SMART app: one page that is both its launch URL and its redirect URI.
//   ?iss=...&launch=...   the EHR launched it (step 2, #step-2-launch-ehr) -> authorize
//   ?code=...&state=...   the authorization server is back -> token exchange, then FHIR reads
//   nothing               opened on its own (#step-2-launch-standalone)   -> offer a standalone launch
// SMART App Launch 2.2: https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html
import { drawBloodPressure } from './chart.js';
import { bloodPressures, latestByCode, nameOf, readPatient, readVitalSigns, valueText } from './fhir.js';
import { authorize, completeAuthorization, jwtClaims, refresh, revoke } from './smart.js';

/** What the app asks for: the patient's demographics and observations, who the user is, and a refresh token. */
const DATA_SCOPES = 'openid fhirUser offline_access patient/Patient.rs patient/Observation.rs';
const SESSION_KEY = 'smart:session';

const $ = (id) => document.getElementById(id);
const step = (text) => $('steps').append(Object.assign(document.createElement('li'), { textContent: text }));
const status = (text) => ($('status').textContent = text);

function fail(error) {
  status('Stopped.');
  $('error').textContent = error.message;
  $('error').hidden = false;
}

function facts(dl, rows) {
  dl.replaceChildren();
  for (const [term, value] of rows) {
    if (value === undefined || value === '') continue;
    dl.append(Object.assign(document.createElement('dt'), { textContent: term }), Object.assign(document.createElement('dd'), { textContent: value }));
  }
}

function ageOf(birthDate) {
  if (!birthDate) return undefined;
  const born = new Date(birthDate);
  const now = new Date();
  return now.getFullYear() - born.getFullYear() - (now < new Date(now.getFullYear(), born.getMonth(), born.getDate()) ? 1 : 0);
}

function showGrant(session) {
  const granted = session.tokens.scope.split(' ');
  const declined = session.requested.filter((s) => !granted.includes(s));
  const who = session.tokens.id_token ? jwtClaims(session.tokens.id_token).fhirUser : undefined;
  facts($('grant'), [
    ['Granted scopes', session.tokens.scope],
    ['Asked for but not granted', declined.join(' ') || 'nothing'],
    ['Patient in context', session.tokens.patient],
    ['Encounter in context', session.tokens.encounter],
    ['Signed-in user (fhirUser)', who],
    ['Access token expires in', `${session.tokens.expires_in} s`],
  ]);
  $('refresh').hidden = !session.tokens.refresh_token;
  $('scopes-section').hidden = false;
}

async function showPatient(session) {
  const id = session.tokens.patient;
  if (!id) throw new Error('the token response has no patient: the launch gave no patient context');
  const patient = await readPatient(session, id);
  step(`Read Patient/${id}`);
  $('patient-name').textContent = nameOf(patient);
  const mrn = patient.identifier?.find((i) => i.type?.coding?.some((c) => c.code === 'MR'))?.value;
  facts($('patient-facts'), [
    ['Born', patient.birthDate ? `${patient.birthDate} (${ageOf(patient.birthDate)} years)` : 'unknown'],
    ['Sex', patient.gender],
    ['MRN', mrn],
  ]);
  // need_patient_banner false: the EHR already shows one, so the app keeps its own small.
  $('banner').hidden = false;
  if (session.tokens.need_patient_banner === false) $('banner').classList.add('compact');

  const vitals = await readVitalSigns(session, id);
  step(`Searched Observation?patient=${id}&category=vital-signs: ${vitals.length} results`);
  const tbody = $('vitals').tBodies[0];
  tbody.replaceChildren();
  for (const o of latestByCode(vitals)) {
    const row = tbody.insertRow();
    row.insertCell().textContent = o.code?.text ?? o.code?.coding?.[0]?.display ?? 'Observation';
    row.insertCell().textContent = valueText(o);
    row.insertCell().textContent = (o.effectiveDateTime ?? '').slice(0, 10);
  }
  $('vitals-section').hidden = false;
  drawBloodPressure($('bp-chart'), bloodPressures(vitals));
  $('bp-section').hidden = false;
}

async function run(session) {
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  showGrant(session);
  await showPatient(session);
  status(`Signed in. Showing ${$('patient-name').textContent}.`);
}

async function main() {
  const params = new URLSearchParams(location.search);
  if (params.has('code') || params.has('error')) {
    status('Exchanging the code for tokens…');
    step('Back from the authorization server with a code and the state this tab sent');
    // Take the code out of the address bar and history: it is single-use anyway.
    history.replaceState(null, '', location.pathname);
    const session = await completeAuthorization(params);
    step(`Exchanged the code and PKCE verifier for an access token (${session.tokens.expires_in} s)`);
    await run(session);
    return;
  }
  if (params.has('launch') && params.has('iss')) {
    status('Launched by the EHR: asking for authorization…');
    step(`EHR launch: iss=${params.get('iss')}`);
    await authorize({ iss: params.get('iss'), launch: params.get('launch'), scope: `launch ${DATA_SCOPES}` });
    return;
  }
  const saved = sessionStorage.getItem(SESSION_KEY);
  if (saved) {
    step('Resumed the session kept in this tab');
    await run(JSON.parse(saved));
    return;
  }
  status('Not launched yet.');
  $('iss').value = new URL('../fhir', location.href).href;
  $('start').hidden = false;
}

$('start-form').addEventListener('submit', (event) => {
  event.preventDefault();
  status('Standalone launch: asking for authorization…');
  authorize({ iss: $('iss').value, scope: `launch/patient ${DATA_SCOPES}` }).catch(fail);
});

$('refresh').addEventListener('click', async () => {
  try {
    const session = await refresh(JSON.parse(sessionStorage.getItem(SESSION_KEY)));
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
    step('Refreshed the access token');
    showGrant(session);
    status('Access token refreshed.');
  } catch (error) {
    fail(error);
  }
});

$('sign-out').addEventListener('click', async () => {
  const saved = sessionStorage.getItem(SESSION_KEY);
  sessionStorage.removeItem(SESSION_KEY);
  if (saved) await revoke(JSON.parse(saved)).catch(() => undefined);
  step('Revoked the tokens and signed out');
  for (const id of ['banner', 'vitals-section', 'bp-section', 'scopes-section']) $(id).hidden = true;
  status('Signed out.');
  $('iss').value = new URL('../fhir', location.href).href;
  $('start').hidden = false;
});

main().catch(fail);
