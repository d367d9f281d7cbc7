/**
 * The interaction pages: GET shows the next prompt's page; POST applies its form (after
 * the CSRF check) and moves on, back to the page with a message when the input is wrong,
 * or to the app when consent is given or the user cancels.
 */
import type { Request, Response } from 'express';
import type { SandboxContext } from '../../context.js';
import { csrfValid } from '../pages/csrf.js';
import { sendErrorPage, sendPage } from '../pages/send-page.js';
import { finishDenied, finishWithCode } from './complete.js';
import { consentedScopes, consentPageData, selectedScopes } from './consent.js';
import { encounterPageData, skipEncounterIfNone, submitEncounter } from './encounter.js';
import { loadInteraction } from './load.js';
import { loginPageData, submitLogin } from './login.js';
import { commonPageData } from './page-data.js';
import { choosePatientAutomatically, patientPageData, submitPatient } from './patient.js';
import { nextPrompt, type PromptName } from './prompts.js';
import type { Interaction } from './types.js';
import { interactionUrl } from './urls.js';

const TITLES: Record<PromptName, string> = {
  login: 'Sign in',
  patient: 'Choose a patient',
  encounter: 'Choose an encounter',
  consent: 'Allow access',
};

/** The next prompt, after the steps that need no page (one possible patient, no encounters). */
export function advance(ctx: SandboxContext, i: Interaction): PromptName {
  let prompt = nextPrompt(i);
  if (prompt === 'patient' && choosePatientAutomatically(ctx, i)) prompt = nextPrompt(i);
  if (prompt === 'encounter' && skipEncounterIfNone(ctx, i)) prompt = nextPrompt(i);
  return prompt;
}

function render(ctx: SandboxContext, req: Request, res: Response, i: Interaction, prompt: PromptName, error?: string): void {
  const data: Record<string, unknown> = { ...commonPageData(req, i, prompt), error };
  if (prompt === 'login') Object.assign(data, loginPageData(ctx, req));
  if (prompt === 'patient') Object.assign(data, patientPageData(ctx, req, i));
  if (prompt === 'encounter') Object.assign(data, encounterPageData(ctx, i));
  if (prompt === 'consent') Object.assign(data, consentPageData(ctx, i));
  sendPage(res, ctx.auth, prompt, TITLES[prompt], data, error ? 400 : 200);
}

export function showInteraction(ctx: SandboxContext, req: Request, res: Response): void {
  const i = loadInteraction(ctx, req, res);
  if (i) render(ctx, req, res, i, advance(ctx, i));
}

export function submitInteraction(ctx: SandboxContext, req: Request, res: Response): void {
  const i = loadInteraction(ctx, req, res);
  if (!i) return;
  if (!csrfValid(req)) {
    ctx.events.emit({ type: 'auth.error', endpoint: 'interaction', clientId: i.client.clientId, error: 'invalid_request', description: 'CSRF token missing or wrong', redirected: false });
    sendErrorPage(res, ctx.auth, 'invalid_request', 'This form has expired or did not come from this page. Go back, reload the page and try again.', 403);
    return;
  }
  const body = (req.body ?? {}) as Record<string, unknown>;
  const prompt = advance(ctx, i);
  if (body.decision === 'deny') {
    if (prompt === 'consent') {
      ctx.events.emit({ type: 'auth.consent', clientId: i.client.clientId, decision: 'deny', granted: [], declined: i.offered });
    }
    finishDenied(ctx, res, i, prompt === 'consent' ? 'The user denied access.' : 'The user cancelled the sign-in.');
    return;
  }
  if (body.prompt !== prompt) {
    res.redirect(303, interactionUrl(i.root, i.uid));
    return;
  }
  let error: string | undefined;
  if (prompt === 'login') error = submitLogin(ctx, i, body);
  if (prompt === 'patient') error = submitPatient(ctx, i, body);
  if (prompt === 'encounter') error = submitEncounter(ctx, i, body);
  if (prompt === 'consent') {
    if (body.decision !== 'allow') error = 'Choose Approve or Deny.';
    else {
      const consent = consentedScopes(i, body);
      if ('error' in consent) error = consent.error;
      else {
        const declined = i.offered.filter((s) => !selectedScopes(body).includes(s));
        ctx.events.emit({ type: 'auth.consent', clientId: i.client.clientId, decision: 'allow', granted: consent.granted, declined });
        if (consent.granted.length === 0) finishDenied(ctx, res, i, 'The user allowed none of the requested scopes.');
        else finishWithCode(ctx, res, i, consent.granted);
        return;
      }
    }
  }
  if (error) render(ctx, req, res, i, prompt, error);
  else res.redirect(303, interactionUrl(i.root, i.uid));
}
