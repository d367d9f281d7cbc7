/**
 * The end of an interaction (RFC 6749 §4.1.2; contract §3): on approval a code bound to the
 * client, redirect_uri, PKCE challenge, scopes and context, then the redirect with `code`
 * and `state`; on denial or cancel, `access_denied`.
 */
import type { Response } from 'express';
import type { SandboxContext } from '../../context.js';
import { redirectWithCode, redirectWithError } from '../authorize/redirect.js';
import { AccessDeniedError } from '../errors.js';
import { randomToken } from '../random.js';
import { userReference, type AuthorizationCode, type Grant, type LaunchContext } from '../tokens/records.js';
import type { Interaction } from './types.js';

/** The context the granted scopes allow: a patient only with a patient or launch scope, and so on. */
export function contextForScopes(context: LaunchContext, scope: readonly string[]): LaunchContext {
  const has = (s: string): boolean => scope.includes(s);
  const patientScopes = has('launch') || has('launch/patient') || scope.some((s) => s.startsWith('patient/'));
  const out: LaunchContext = {};
  if (context.patient && patientScopes) out.patient = context.patient;
  if (context.encounter && (has('launch') || has('launch/encounter'))) out.encounter = context.encounter;
  if (context.fhirContext?.length && has('launch')) out.fhirContext = context.fhirContext;
  if (context.intent && has('launch')) out.intent = context.intent;
  if (context.needPatientBanner !== undefined) out.needPatientBanner = context.needPatientBanner;
  if (context.smartStyleUrl) out.smartStyleUrl = context.smartStyleUrl;
  return out;
}

export function finishWithCode(ctx: SandboxContext, res: Response, i: Interaction, scope: string[]): void {
  const now = ctx.clock.now();
  const grant: Grant = {
    id: randomToken(16),
    clientId: i.client.clientId,
    scope,
    context: contextForScopes(i.context, scope),
    ...(i.user ? { user: i.user } : {}),
    fhirBase: i.fhirBase,
    issuer: i.issuer,
    launchType: i.launchType,
    authTime: Math.floor(now / 1000),
    ...(i.nonce ? { nonce: i.nonce } : {}),
    revoked: false,
  };
  const code: AuthorizationCode = {
    code: randomToken(),
    clientId: i.client.clientId,
    redirectUri: i.redirectUri,
    ...(i.codeChallenge ? { codeChallenge: i.codeChallenge } : {}),
    grant,
    expiresAt: now + ctx.options.codeLifetime * 1000,
    used: false,
  };
  ctx.auth.codes.set(code.code, code, code.expiresAt);
  i.finished = 'approved';
  ctx.events.emit({
    type: 'auth.code',
    clientId: code.clientId,
    redirectUri: code.redirectUri,
    scope,
    ...(grant.context.patient ? { patient: grant.context.patient } : {}),
    ...(grant.context.encounter ? { encounter: grant.context.encounter } : {}),
    ...(i.user ? { user: userReference(i.user) } : {}),
  });
  redirectWithCode(res, code.redirectUri, code.code, i.state);
}

export function finishDenied(ctx: SandboxContext, res: Response, i: Interaction, description: string): void {
  i.finished = 'denied';
  const error = new AccessDeniedError(description);
  ctx.events.emit({ type: 'auth.error', endpoint: 'interaction', clientId: i.client.clientId, error: error.code, description, redirected: true });
  redirectWithError(res, i.redirectUri, error, i.state);
}
