/**
 * The EHR launcher's form (contract §2, EHR launch): who launches, for which patient and
 * encounter, which app. Parsed into a launch or into messages for the page.
 */
import type { SandboxContext } from '../../context.js';
import { parseRedirectUri } from '../clients/redirect-uri.js';
import { patientsUserMayOpen } from '../people/acts-for.js';
import { isEncounterOf } from '../people/encounters.js';
import { userFromReference } from '../people/personas.js';
import type { FhirContextItem, LaunchContext, UserRef } from '../tokens/records.js';

export interface LaunchForm {
  user: string;
  patient: string;
  encounter: string;
  app: string;
  client_id: string;
  launch_url: string;
  intent: string;
  fhir_context: string;
  need_patient_banner: boolean;
}

export interface ParsedLaunch {
  clientId: string;
  launchUrl: string;
  user: UserRef;
  context: LaunchContext;
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

export function readLaunchForm(source: Record<string, unknown>, submitted: boolean): LaunchForm {
  return {
    user: text(source.user),
    patient: text(source.patient),
    encounter: text(source.encounter),
    app: text(source.app),
    client_id: text(source.client_id),
    launch_url: text(source.launch_url),
    intent: text(source.intent),
    fhir_context: text(source.fhir_context),
    need_patient_banner: submitted ? source.need_patient_banner === 'true' : source.need_patient_banner !== 'false',
  };
}

function fhirContextItems(ctx: SandboxContext, value: string, errors: string[]): FhirContextItem[] {
  const items: FhirContextItem[] = [];
  for (const reference of value.split(/[\s,]+/).filter(Boolean)) {
    const m = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/.exec(reference);
    if (!m) errors.push(`fhirContext: '${reference}' is not a reference like Observation/123`);
    else if (m[1] === 'Patient' || m[1] === 'Encounter') errors.push('fhirContext: Patient and Encounter travel as patient and encounter, not in fhirContext');
    else if (!ctx.store.peek(m[1]!, m[2]!)) errors.push(`fhirContext: ${reference} does not exist`);
    else items.push({ reference });
  }
  return items;
}

/**
 * A registered app's launch URL: absolute, or (the built-in demo app) a path resolved
 * against the sandbox root the request came in on.
 */
export function resolveLaunchUri(root: string, launchUri: string | undefined): string {
  if (!launchUri) return '';
  return launchUri.startsWith('/') ? `${root}${launchUri}` : launchUri;
}

export function parseLaunch(ctx: SandboxContext, form: LaunchForm, root: string): ParsedLaunch | { errors: string[] } {
  const errors: string[] = [];
  const user = userFromReference(ctx.store, form.user);
  if (!user) errors.push('Choose the user who launches the app.');
  const app = form.app ? ctx.auth.clients.get(form.app) : undefined;
  const clientId = form.client_id || app?.clientId || '';
  const launchUrl = form.launch_url || resolveLaunchUri(root, app?.launchUri);
  if (!clientId) errors.push('Enter the client id of the app, or pick a registered app.');
  else if (!ctx.auth.clients.resolve(clientId)) errors.push(`The client '${clientId}' is not registered (the sandbox runs in strict mode).`);
  if (!launchUrl) errors.push(app ? `${app.name} has no launch URL: enter the app's launch URL, or pick an app that has one.` : "Enter the app's launch URL, an absolute http(s) URL.");
  else if (!parseRedirectUri(launchUrl)) errors.push("The app's launch URL must be an absolute http(s) URL.");
  let patient = form.patient;
  const allowed = user ? patientsUserMayOpen(ctx.store, ctx.proxies, user, ctx.options.ownPatientsOnly) : undefined;
  if (!patient && allowed?.size === 1) patient = [...allowed][0]!;
  if (patient && !ctx.store.peek('Patient', patient)) errors.push(`Patient ${patient} does not exist.`);
  if (patient && allowed && !allowed.has(patient)) errors.push('This user may not open that patient record.');
  if (form.encounter && !patient) errors.push('An encounter needs a patient.');
  else if (form.encounter && !isEncounterOf(ctx.store, form.encounter, patient)) errors.push(`Encounter ${form.encounter} is not an encounter of that patient.`);
  if (form.intent.length > 200) errors.push('The intent is too long.');
  const fhirContext = fhirContextItems(ctx, form.fhir_context, errors);
  if (errors.length > 0 || !user) return { errors };
  return {
    clientId,
    launchUrl,
    user,
    context: {
      ...(patient ? { patient } : {}),
      ...(form.encounter ? { encounter: form.encounter } : {}),
      ...(fhirContext.length ? { fhirContext } : {}),
      ...(form.intent ? { intent: form.intent } : {}),
      needPatientBanner: form.need_patient_banner,
    },
  };
}
