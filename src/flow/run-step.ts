/**
 * The hooks around one OAuth or discovery step: before it, the flow's tags are set (every
 * event the step emits carries them) and injected latency and failures happen; after it, the
 * answer is read to link what it handed out (interaction, code, tokens) to the flow, and the
 * faults that change an answer (an error instead of the code, a missing `state`, a member
 * left out of the token response, an id_token nobody can verify) are applied.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Request, Response } from 'express';
import type { SandboxContext } from '../context.js';
import type { FlowTags } from '../events.js';
import { InvalidClientError, InvalidGrantError, type OAuthError } from '../auth/errors.js';
import { noStore, sendOAuthError } from '../auth/http/send-oauth-error.js';
import { signJwt } from '../auth/keys/jws.js';
import { ROUTES } from '../routes.js';
import type { AuthorizeFault, Fault, TokenFault } from './fault-types.js';
import { jwtPayload } from './jwt-payload.js';
import { stepContext } from './step-context.js';
import { stepTags } from './step-tags.js';
import type { Step } from './steps.js';

export type StepHandler = (ctx: SandboxContext, req: Request, res: Response) => void | Promise<void>;

const DESCRIPTIONS: Record<string, string> = {
  access_denied: 'The user or the EHR denied the request (simulated).',
  invalid_scope: 'The requested scope is invalid, unknown or malformed (simulated).',
  server_error: 'The EHR met an unexpected condition (simulated).',
  temporarily_unavailable: 'The EHR is temporarily unavailable (simulated).',
  invalid_grant: 'The grant is invalid, expired or revoked (simulated).',
  invalid_client: 'Client authentication failed (simulated).',
};

/** The interaction id of a redirect to an interaction page (`{mount}/auth/interaction/{uid}`). */
function interactionUid(pathname: string): string | undefined {
  const at = pathname.lastIndexOf(`${ROUTES.interaction}/`);
  if (at < 0) return undefined;
  const uid = pathname.slice(at + ROUTES.interaction.length + 1);
  return uid && !uid.includes('/') ? uid : undefined;
}

async function latency(ctx: SandboxContext, step: Step, faults: readonly Fault[]): Promise<void> {
  const ms = faults.reduce((sum, f) => sum + (f.latency ?? 0), 0);
  if (ms <= 0) return;
  ctx.events.emit({ type: 'fault', step, effect: `latency ${ms} ms` });
  await sleep(ms);
}

/** A step that fails at once: the token endpoint's OAuth errors, or a 500/503 anywhere. */
function failEarly(ctx: SandboxContext, step: Step, req: Request, res: Response, faults: readonly Fault[]): boolean {
  const fault = faults.find((f) => ('error' in f && f.error !== undefined && step === 'token') || ('status' in f && f.status !== undefined));
  if (!fault) return false;
  const error = 'error' in fault ? fault.error : undefined;
  const status = 'status' in fault ? fault.status : undefined;
  ctx.events.emit({ type: 'fault', step, effect: error ?? String(status) });
  if (error === 'invalid_grant' || error === 'invalid_client') {
    const oauth: OAuthError =
      error === 'invalid_grant' ? new InvalidGrantError(DESCRIPTIONS.invalid_grant!) : new InvalidClientError(DESCRIPTIONS.invalid_client!, /^Basic /i.test(req.get('authorization') ?? ''));
    sendOAuthError(res, oauth);
    return true;
  }
  const unavailable = status === 503;
  noStore(res);
  if (unavailable) res.setHeader('Retry-After', String(('retryAfter' in fault && fault.retryAfter) || 1));
  const code = unavailable ? 'temporarily_unavailable' : 'server_error';
  res.status(status ?? 500).json({ error: code, error_description: DESCRIPTIONS[code] });
  return true;
}

/** Token responses: links the tokens to the flow, then leaves out members or re-signs the id_token. */
function watchTokenResponse(ctx: SandboxContext, res: Response, tags: FlowTags, faults: readonly TokenFault[]): void {
  const json = res.json.bind(res);
  res.json = (body: unknown) => {
    if (res.statusCode === 200 && body && typeof body === 'object' && 'access_token' in body) {
      const reply = { ...(body as Record<string, unknown>) };
      const jti = jwtPayload(reply.access_token)?.jti;
      const flow: FlowTags = { ...tags, ...(typeof jti === 'string' ? { jti } : {}) };
      if (typeof jti === 'string') ctx.flow.links.link('jti', jti, flow);
      if (typeof reply.refresh_token === 'string') ctx.flow.links.link('refresh', reply.refresh_token, flow);
      for (const fault of faults) {
        for (const member of fault.omit ?? []) {
          if (delete reply[member]) ctx.events.emit({ type: 'fault', step: 'token', effect: `omit ${member}` });
        }
        const claims = jwtPayload(reply.id_token);
        if (fault.idToken === 'unknown-key' && claims) {
          reply.id_token = signJwt(ctx.flow.rogueKey(), claims);
          ctx.events.emit({ type: 'fault', step: 'token', effect: 'id_token signed with an unknown key' });
        }
      }
      return json(reply);
    }
    return json(body);
  };
}

/**
 * Redirects of the authorize and interaction steps: links an interaction and a code to the
 * flow, and applies authorize faults. An error fault sends the app its error (with its own
 * `state`) instead of the first page or the code; a state fault changes the code redirect.
 */
function watchRedirects(ctx: SandboxContext, step: Step, res: Response, tags: FlowTags): void {
  const redirect = res.redirect.bind(res) as (status: number, url: string) => void;
  res.redirect = ((status: number, url: string) => {
    void (async () => {
      const target = new URL(url, 'http://placeholder.invalid');
      const uid = interactionUid(target.pathname);
      const interaction = uid ? ctx.auth.interactions.get(uid) : undefined;
      const code = interaction ? undefined : (target.searchParams.get('code') ?? undefined);
      if (!interaction && !code) return redirect(status, url);
      const byError = (f: Fault): f is AuthorizeFault => f.at === 'authorize' && f.error !== undefined;
      const byState = (f: Fault): f is AuthorizeFault => f.at === 'authorize' && f.state !== undefined && code !== undefined;
      const faults = step === 'authorize' ? ctx.flow.faults.take('authorize', tags, byError) : [];
      faults.push(...ctx.flow.faults.take('authorize', tags, byState));
      await latency(ctx, 'authorize', faults);
      const error = faults.find((f) => f.error)?.error;
      if (error) {
        ctx.events.emit({ type: 'fault', step: 'authorize', effect: error });
        if (code) ctx.auth.codes.delete(code);
        if (uid) ctx.auth.interactions.delete(uid);
        const back = interaction ? new URL(interaction.redirectUri) : target;
        const state = interaction ? interaction.state : target.searchParams.get('state');
        back.searchParams.delete('code');
        back.searchParams.delete('state');
        back.searchParams.set('error', error);
        back.searchParams.set('error_description', DESCRIPTIONS[error]!);
        if (state !== null) back.searchParams.set('state', state);
        return redirect(302, back.href);
      }
      if (uid) ctx.flow.links.link('interaction', uid, tags);
      if (code) ctx.flow.links.link('code', code, tags);
      const stateFault = faults.find((f) => f.state)?.state;
      if (stateFault && code) {
        ctx.events.emit({ type: 'fault', step: 'authorize', effect: `state ${stateFault}` });
        if (stateFault === 'missing') target.searchParams.delete('state');
        else target.searchParams.set('state', `${target.searchParams.get('state') ?? ''}-not-yours`);
        return redirect(status, target.href);
      }
      redirect(status, url);
    })().catch((error: unknown) => {
      console.error('mock-ehr: unexpected error while redirecting:', error);
      if (!res.headersSent) res.status(500).type('text/plain').send('The server could not complete the request.');
    });
  }) as Response['redirect'];
}

/** Runs `handler` as step `step`, with its hooks. */
export async function runStep(sandbox: SandboxContext, step: Step, handler: StepHandler, req: Request, res: Response): Promise<void> {
  const tags = stepTags(step, req, sandbox.flow.links);
  // Every event of the step carries the flow's tags, also after an await.
  const ctx = stepContext(sandbox, tags);
  const grantType = typeof req.body?.grant_type === 'string' ? (req.body.grant_type as string) : undefined;
  const early = (f: Fault): f is Fault => f.at !== 'authorize' && (f.at !== 'token' || f.grantType === undefined || f.grantType === grantType);
  const faults = step === 'authorize' ? [] : ctx.flow.faults.take(step, tags, early);
  await latency(ctx, step, faults);
  if (failEarly(ctx, step, req, res, faults)) return;
  if (step === 'token') watchTokenResponse(ctx, res, tags, faults as TokenFault[]);
  if (step === 'authorize' || step === 'interaction') watchRedirects(ctx, step, res, tags);
  await handler(ctx, req, res);
}
