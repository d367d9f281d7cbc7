/**
 * `sb.authorize()`: an authorization request driven through the real pages over HTTP, as a
 * user would (login, patient picker, encounter picker, consent; each only when shown), by
 * the pages' form contract. Returns where the sandbox finally sent the browser: the app's
 * redirect_uri with the code or the error (RFC 6749 §4.1.2).
 */
import { ROUTES } from '../routes.js';
import { inputValues, PageDriver, pageMessage, type Page } from './page-driver.js';

export interface AuthorizeChoices {
  /** Login: `Practitioner/{id}`, `Patient/{id}` or `RelatedPerson/{id}`; default the first listed. */
  user?: string;
  /** Patient picker: a patient id; default the first listed. */
  patient?: string;
  /** Encounter picker: an encounter id; default the first listed. */
  encounter?: string;
  /** Consent: `all` (default) ticks every scope offered; a list ticks exactly those. */
  approve?: 'all' | string[];
  /** Press Deny on the consent page (the app gets `access_denied`). */
  deny?: boolean;
}

export interface AuthorizeResult {
  /** The app's redirect_uri with `code` and `state`, or `error`, `error_description` and `state`. */
  url: URL;
  code?: string;
  state?: string;
  error?: string;
  errorDescription?: string;
  /** The pages shown, in order: `login`, `patient`, `encounter`, `consent`. */
  prompts: string[];
}

function fieldsFor(prompt: string, page: Page, choices: AuthorizeChoices): [string, string][] {
  const first = (field: string): string => {
    const value = inputValues(page.html, field)[0];
    if (value === undefined) throw new Error(`mock-ehr: the ${prompt} page offers nothing to choose: ${pageMessage(page.html)}`);
    return value;
  };
  switch (prompt) {
    case 'login':
      return [['user', choices.user ?? first('user')]];
    case 'patient':
      return [['patient', choices.patient ?? first('patient')]];
    case 'encounter':
      return [['encounter', choices.encounter ?? first('encounter')]];
    default: {
      if (choices.deny) return [['decision', 'deny']];
      const offered = inputValues(page.html, 'scope');
      const scopes = choices.approve === undefined || choices.approve === 'all' ? offered.filter((s) => !s.includes('?')) : choices.approve;
      return [...scopes.map((s): [string, string] => ['scope', s]), ['decision', 'allow']];
    }
  }
}

export async function driveAuthorize(authorizeUrl: string, choices: AuthorizeChoices = {}): Promise<AuthorizeResult> {
  // The sandbox root (with its mount path): redirects below it are pages, anything else is the app.
  const url0 = new URL(authorizeUrl);
  const at = url0.pathname.lastIndexOf(ROUTES.authorize);
  const driver = new PageDriver(`${url0.origin}${at > 0 ? url0.pathname.slice(0, at) : ''}/`);
  const prompts: string[] = [];
  let step = await driver.go(authorizeUrl);
  while (step.page) {
    const page: Page = step.page;
    const prompt = inputValues(page.html, 'prompt')[0];
    if (!prompt) throw new Error(`mock-ehr: the authorization request stopped at an error page (${page.status}): ${pageMessage(page.html)}`);
    if (prompts.length > 10) throw new Error('mock-ehr: the pages keep coming back');
    prompts.push(prompt);
    step = await driver.submit(page, fieldsFor(prompt, page, choices));
    if (step.page && inputValues(step.page.html, 'prompt')[0] === prompt) {
      throw new Error(`mock-ehr: the ${prompt} page refused the input: ${pageMessage(step.page.html)}`);
    }
  }
  const url = new URL(step.leftTo);
  const q = url.searchParams;
  const get = (name: string): string | undefined => q.get(name) ?? undefined;
  return {
    url,
    ...(get('code') ? { code: get('code') } : {}),
    ...(q.has('state') ? { state: get('state') ?? '' } : {}),
    ...(get('error') ? { error: get('error') } : {}),
    ...(get('error_description') ? { errorDescription: get('error_description') } : {}),
    prompts,
  };
}
