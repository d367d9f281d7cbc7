/**
 * What the home page shows beside the EHR launcher: the preset of the "Launch the demo app"
 * button, the facts an app needs for a standalone launch (SMART App Launch 2.2 "Launch App:
 * Standalone Launch"), the registered apps and a first look at the patients.
 */
import type { SandboxContext } from '../context.js';
import { resolveLaunchUri } from '../auth/launcher/form.js';
import { DEMO_APP_CLIENT_ID } from '../auth/clients/demo-clients.js';
import type { ClientRecord } from '../auth/clients/types.js';
import { encountersOf } from '../auth/people/encounters.js';

export interface DemoLaunch {
  user: string;
  patient: string;
  encounter: string;
  app: string;
}

export interface AppRow {
  clientId: string;
  name: string;
  type: string;
  launchUrl: string;
  redirects: string;
}

/**
 * The demo launch preset: the first practitioner who may open the first patient, with
 * that patient's latest encounter, so the first press of the button shows a whole launch.
 * Undefined when the sandbox holds no patient or no practitioner.
 */
export function demoLaunch(ctx: SandboxContext): DemoLaunch | undefined {
  const patient = first(ctx.store.all('Patient'));
  if (!patient) return undefined;
  // A practitioner may open any patient; prefer the patient's own general practitioner.
  const gp = /^Practitioner\/(.+)$/.exec((patient.generalPractitioner as { reference?: string }[] | undefined)?.[0]?.reference ?? '')?.[1];
  const practitioner = gp && ctx.store.peek('Practitioner', gp) ? gp : first(ctx.store.all('Practitioner'))?.id;
  if (!practitioner) return undefined;
  const encounter = encountersOf(ctx.store, patient.id)[0]?.id ?? '';
  return { user: `Practitioner/${practitioner}`, patient: patient.id, encounter, app: DEMO_APP_CLIENT_ID };
}

function first<T>(items: Iterable<T>): T | undefined {
  for (const item of items) return item;
  return undefined;
}

function redirectRule(client: ClientRecord): string {
  const exact = client.redirectUris.join(' ');
  if (client.loopbackRedirects) return exact ? `${exact}, or any loopback URL` : 'any loopback URL (localhost, 127.0.0.1, [::1])';
  return exact || 'none';
}

/** The apps an EHR can launch or a user can sign in to (backend services have no user). */
export function appRows(ctx: SandboxContext, root: string): AppRow[] {
  return ctx.auth.clients
    .list()
    .filter((c) => c.type !== 'backend-service')
    .map((c) => ({ clientId: c.clientId, name: c.name, type: c.type, launchUrl: resolveLaunchUri(root, c.launchUri), redirects: redirectRule(c) }));
}

/** A fhirclient (SMART JS client) standalone launch, ready to paste into an app's launch page. */
export function fhirclientSnippet(fhirBase: string): string {
  return [
    "import FHIR from 'fhirclient';",
    '',
    '// Standalone launch: the app starts on its own and asks for a patient.',
    'FHIR.oauth2.authorize({',
    `  iss: '${fhirBase}',`,
    "  clientId: 'my-app', // any id works while the redirect stays on localhost",
    "  scope: 'launch/patient openid fhirUser patient/*.rs',",
    "  redirectUri: 'http://localhost:3000/callback',",
    '});',
  ].join('\n');
}
