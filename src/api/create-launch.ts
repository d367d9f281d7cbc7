/**
 * `sb.createLaunch()`: what pressing Launch on the EHR launcher does (SMART App Launch 2.2
 * "EHR launch"), without the page: a launch id bound to a user, a patient, an encounter and
 * the rest of the context, and the app URL with `iss` and `launch`. With `skip`, the
 * authorize request of that launch shows no page at all.
 */
import { ConfigError } from '../config.js';
import type { SandboxContext } from '../context.js';
import { redirectUrl } from '../auth/authorize/redirect.js';
import { parseLaunch, readLaunchForm } from '../auth/launcher/form.js';
import { recordLaunch } from '../auth/launcher/record-launch.js';
import type { Fault } from '../flow/fault-types.js';
import { urlFor } from '../routes.js';
import type { RootSource } from './issue-token.js';

export interface CreateLaunchOptions {
  /** Default `demo-public-app`. */
  clientId?: string;
  /** Who launches: `Practitioner/{id}`, `Patient/{id}` or `RelatedPerson/{id}`; default the first practitioner. */
  user?: string;
  /** Patient id in context. */
  patient?: string;
  /** Encounter id (of that patient) in context. */
  encounter?: string;
  intent?: string;
  /** Default true. */
  needPatientBanner?: boolean;
  /** `fhirContext` references, e.g. `['DiagnosticReport/123']`. */
  fhirContext?: string[];
  /**
   * Pages to go through without showing them. The user and the patient come from the launch;
   * `consent: true` grants every scope the app may have, so the authorize request answers with
   * the code at once. `patientPicker: true` needs a `patient`.
   */
  skip?: { login?: boolean; patientPicker?: boolean; consent?: boolean };
  /** Faults that apply to this launch's flow only (authorize, token, FHIR calls with its tokens). */
  faults?: Fault[];
}

export interface CreatedLaunch {
  launchId: string;
  /** The FHIR base URL, sent as `iss`. */
  iss: string;
  /** The app's launch URL with `iss` and `launch` added, as the EHR opens it. */
  url(appLaunchUrl: string): string;
}

export function createLaunch(ctx: SandboxContext, root: RootSource, options: CreateLaunchOptions = {}): CreatedLaunch {
  const known = root();
  if (!known) throw new Error('mock-ehr: createLaunch needs the sandbox URL; call listen() first or set the baseUrl option');
  const firstPractitioner = ctx.store.all('Practitioner')[Symbol.iterator]().next().value;
  const form = readLaunchForm(
    {
      user: options.user ?? (firstPractitioner ? `Practitioner/${firstPractitioner.id}` : ''),
      patient: options.patient,
      encounter: options.encounter,
      client_id: options.clientId ?? 'demo-public-app',
      launch_url: 'https://app.invalid/launch',
      intent: options.intent,
      fhir_context: options.fhirContext?.join(' '),
      need_patient_banner: options.needPatientBanner === false ? 'false' : 'true',
    },
    true,
  );
  const parsed = parseLaunch(ctx, form, known);
  const problems = 'errors' in parsed ? [...parsed.errors] : [];
  if (options.skip?.patientPicker && !options.patient) problems.push('skip.patientPicker needs a patient');
  if (problems.length > 0 || 'errors' in parsed) throw new ConfigError(problems);
  const id = recordLaunch(ctx, parsed, { skip: options.skip, faults: options.faults });
  const iss = urlFor(known, 'fhir');
  return { launchId: id, iss, url: (appLaunchUrl) => redirectUrl(appLaunchUrl, { iss, launch: id }) };
}
