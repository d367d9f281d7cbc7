/**
 * The EHR launcher, on the sandbox home page (SMART App Launch 2.2 EHR launch; contract §2):
 * choose a user, a patient and maybe an encounter, an app, and Launch. The app opens at
 * `{launch_url}?iss={FHIR base}&launch={id}`, and `launch={id}` resolves to that context.
 * The home page around it also shows the demo app button, the standalone launch facts and
 * the registered apps (`pages/home-data.ts`).
 */
import type { Request, Response } from 'express';
import type { SandboxContext } from '../../context.js';
import { urlFor } from '../../routes.js';
import { redirectUrl } from '../authorize/redirect.js';
import { requestBases } from '../http/bases.js';
import { csrfToken, csrfValid } from '../pages/csrf.js';
import { sendErrorPage, sendPage } from '../pages/send-page.js';
import { encountersOf } from '../people/encounters.js';
import { displayName } from '../people/names.js';
import { persona } from '../people/personas.js';
import { summarizePatient } from '../people/patient-search.js';
import { DEMO_APP_CLIENT_ID } from '../clients/demo-clients.js';
import { appRows, demoLaunch, fhirclientSnippet } from '../../pages/home-data.js';
import { chosenFaultIds, chosenFaults, faultChoices } from './faults.js';
import { parseLaunch, readLaunchForm, type LaunchForm } from './form.js';
import { recordLaunch } from './record-launch.js';

/** Longest list the launcher shows as a menu; beyond it the page asks for an id instead. */
const MENU_LIMIT = 300;

function menu<T, U>(items: Iterable<T>, map: (item: T) => U): U[] | undefined {
  const out: U[] = [];
  for (const item of items) {
    if (out.length === MENU_LIMIT) return undefined;
    out.push(map(item));
  }
  return out;
}

function render(ctx: SandboxContext, req: Request, res: Response, form: LaunchForm, errors: string[] = []): void {
  const { root, fhirBase } = requestBases(ctx, req);
  const today = new Date(ctx.clock.now());
  const option = (resource: { resourceType: string; id: string }, label: string) => ({ value: `${resource.resourceType}/${resource.id}`, label });
  const apps = appRows(ctx, root);
  sendPage(
    res,
    ctx.auth,
    'launcher',
    'Home',
    {
      home: `${root}/`,
      scripts: [`${root}/assets/home.js`],
      wide: true,
      action: urlFor(root, 'launch'),
      encountersUrl: `${root}/launcher/encounters`,
      csrf: csrfToken(req),
      demo: demoLaunch(ctx),
      snippet: fhirclientSnippet(fhirBase),
      open: ctx.options.open,
      strict: ctx.options.strict,
      empty: ctx.store.count('Patient') === 0,
      form,
      errors,
      fhirBase,
      discovery: urlFor(root, 'smartConfiguration'),
      practitioners: menu(ctx.store.all('Practitioner'), (p) => option(p, displayName(p))),
      patientUsers: menu(ctx.store.all('Patient'), (p) => option(p, displayName(p))),
      relatedUsers: menu(ctx.store.all('RelatedPerson'), (p) => option(p, persona(p, 'RelatedPerson').detail.replace('Related person of', `${displayName(p)}, for`))),
      patients: menu(ctx.store.all('Patient'), (p) => summarizePatient(p, today)),
      encounters: form.patient && ctx.store.peek('Patient', form.patient) ? encountersOf(ctx.store, form.patient) : [],
      apps,
      // Only apps with a launch URL can be launched without typing one.
      launchable: apps.filter((a) => a.launchUrl),
      // Simulated faults for this launch only (sb.faults with the launch id).
      faults: faultChoices(req.method === 'POST' ? chosenFaultIds((req.body ?? {}) as Record<string, unknown>) : []),
    },
    errors.length > 0 ? 400 : 200,
  );
}

export function showLauncher(ctx: SandboxContext, req: Request, res: Response): void {
  const form = readLaunchForm(req.query as Record<string, unknown>, false);
  // Preselect the built-in demo app, the one registered app that needs nothing typed.
  if (!form.app && !form.client_id && ctx.auth.clients.get(DEMO_APP_CLIENT_ID)) form.app = DEMO_APP_CLIENT_ID;
  render(ctx, req, res, form);
}

export function createLaunch(ctx: SandboxContext, req: Request, res: Response): void {
  if (!csrfValid(req)) {
    sendErrorPage(res, ctx.auth, 'invalid_request', 'This form has expired or did not come from the launcher. Go back, reload and try again.', 403);
    return;
  }
  const form = readLaunchForm((req.body ?? {}) as Record<string, unknown>, true);
  const parsed = parseLaunch(ctx, form, requestBases(ctx, req).root);
  if ('errors' in parsed) {
    ctx.events.emit({ type: 'auth.error', endpoint: 'launch', clientId: form.client_id || undefined, error: 'invalid_request', description: parsed.errors.join(' '), redirected: false });
    render(ctx, req, res, form, parsed.errors);
    return;
  }
  const id = recordLaunch(ctx, parsed, { faults: chosenFaults((req.body ?? {}) as Record<string, unknown>), launchUrl: parsed.launchUrl });
  res.redirect(303, redirectUrl(parsed.launchUrl, { iss: requestBases(ctx, req).fhirBase, launch: id }));
}
