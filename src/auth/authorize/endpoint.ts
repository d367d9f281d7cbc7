/**
 * The authorize endpoint, GET and POST (RFC 6749 §4.1.1; SMART App Launch 2.2 app-launch;
 * contract §3). Phase one verifies client and redirect_uri (failures: an error page);
 * phase two runs every other check in order (failures: redirected with `state`, unless the
 * redirect URI is not trusted yet, see `trusted-redirect.ts`). A valid request becomes an
 * interaction and the browser goes to its first page.
 */
import type { Request, Response } from 'express';
import type { SandboxContext } from '../../context.js';
import { describeFailure } from '../http/send-oauth-error.js';
import { requestBases } from '../http/bases.js';
import { interactionUrl } from '../interaction/urls.js';
import { sendErrorPage } from '../pages/send-page.js';
import { checkAudience } from './checks/audience.js';
import { checkLaunch } from './checks/launch.js';
import { checkNoRepeatedParameters } from './checks/parameters.js';
import { checkPkce } from './checks/pkce.js';
import { checkResponseType } from './checks/response-type.js';
import { checkScope } from './checks/scope.js';
import { checkParameterSizes } from './checks/sizes.js';
import { checkState } from './checks/state.js';
import { authorizeParams } from './params.js';
import { redirectWithError } from './redirect.js';
import { skipPages } from '../interaction/skip-pages.js';
import { startInteraction } from './start-interaction.js';
import { redirectsErrorsUnseen } from './trusted-redirect.js';
import { UnverifiedTargetError, verifyClientAndRedirect, type VerifiedTarget } from './verify-client.js';

export function authorize(ctx: SandboxContext, req: Request, res: Response): void {
  const { auth, events, options } = ctx;
  const params = authorizeParams(req);
  let target: VerifiedTarget;
  try {
    target = verifyClientAndRedirect(auth.clients, params, options.strict, options.maxParameterLength);
  } catch (error) {
    if (!(error instanceof UnverifiedTargetError)) throw error;
    events.emit({ type: 'auth.error', endpoint: 'authorize', clientId: error.clientId, error: error.error, description: error.description, redirected: false });
    sendErrorPage(res, auth, error.error, error.description);
    return;
  }
  const clientId = target.client.clientId;
  try {
    checkParameterSizes(params, options.maxParameterLength);
    checkNoRepeatedParameters(params);
    checkResponseType(params);
    const state = checkState(params);
    const codeChallenge = checkPkce(params, options.pkceRequired);
    const bases = requestBases(ctx, req);
    checkAudience(params, bases.fhirBase);
    const launch = checkLaunch(params, auth.launches, clientId);
    const scopes = checkScope(params, target.client, launch);
    const now = ctx.clock.now();
    const interaction = startInteraction({ target, state, nonce: params.get('nonce'), codeChallenge, scopes, launch, bases, now });
    auth.interactions.set(interaction.uid, interaction, interaction.expiresAt);
    // From here on the request belongs to this interaction's flow (its events, the code of a skipped launch).
    ctx.flow.addTags({ interactionId: interaction.uid });
    events.emit({
      type: 'auth.authorize',
      clientId,
      launchType: interaction.launchType,
      permissive: target.client.origin === 'permissive',
      requested: scopes.requested,
      offered: scopes.offered,
      rejected: scopes.rejected,
      pkce: codeChallenge !== undefined,
    });
    res.setHeader('Cache-Control', 'no-store');
    if (launch?.skip && skipPages(ctx, res, interaction, launch.skip)) return;
    res.redirect(303, interactionUrl(bases.root, interaction.uid));
  } catch (error) {
    const oauth = describeFailure(error, 'authorize');
    const redirected = redirectsErrorsUnseen(target);
    events.emit({ type: 'auth.error', endpoint: 'authorize', clientId, error: oauth.code, description: oauth.description, redirected });
    if (!redirected) {
      sendErrorPage(res, auth, oauth.code, oauth.description);
      return;
    }
    const state = params.get('state');
    redirectWithError(res, target.redirectUri, oauth, state !== undefined && state.length <= options.maxParameterLength ? state : undefined);
  }
}
