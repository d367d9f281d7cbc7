/**
 * The authorization server's routes (paths from the route table): the HTML pages with a
 * session and CSRF tokens (launcher, authorize, interaction), and the JSON endpoints
 * without a session, open to any origin (token, introspection, revocation, registration,
 * style). Bodies are small and size-limited.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { SandboxContext } from '../context.js';
import { describeBodyError, formBody, jsonBody } from '../http/body.js';
import { openCors } from '../http/cors.js';
import { ROUTES } from '../routes.js';
import { authorize } from './authorize/endpoint.js';
import { InvalidClientMetadataError } from './errors.js';
import { bodyParserError } from './http/form-params.js';
import { sendOAuthError } from './http/send-oauth-error.js';
import { showInteraction, submitInteraction } from './interaction/handlers.js';
import { introspect } from './introspect.js';
import { createLaunch, showLauncher } from './launcher/launcher.js';
import { sendErrorPage } from './pages/send-page.js';
import { sessionMiddleware } from './pages/session.js';
import { register } from './register.js';
import { revoke } from './revoke.js';
import { smartStyle } from './style.js';
import { token } from './token/endpoint.js';

const FORM_LIMIT = '64kb';

export function createAuthRouter(ctx: SandboxContext): Router {
  const router = express.Router();
  const session = sessionMiddleware(ctx.auth);
  const form = formBody({ limit: FORM_LIMIT, parameterLimit: 200 });
  const json = jsonBody({ limit: ctx.options.maxClientMetadataBytes });
  const cors = openCors();

  // HTML pages: session + CSRF.
  router.get(ROUTES.home, session, (req, res) => showLauncher(ctx, req, res));
  router.post(ROUTES.launch, session, form, (req, res) => createLaunch(ctx, req, res));
  router.get(ROUTES.authorize, session, (req, res) => authorize(ctx, req, res));
  router.post(ROUTES.authorize, session, form, (req, res) => authorize(ctx, req, res));
  router.get(`${ROUTES.interaction}/:uid`, session, (req, res) => showInteraction(ctx, req, res));
  router.post(`${ROUTES.interaction}/:uid`, session, form, (req, res) => submitInteraction(ctx, req, res));

  // JSON endpoints: no session, any origin.
  router.use([ROUTES.token, ROUTES.introspect, ROUTES.revoke, ROUTES.register, ROUTES.smartStyle], cors);
  router.post(ROUTES.token, form, (req, res) => token(ctx, req, res));
  router.post(ROUTES.introspect, form, (req, res) => introspect(ctx, req, res));
  router.post(ROUTES.revoke, form, (req, res) => revoke(ctx, req, res));
  router.post(ROUTES.register, json, (req, res) => register(ctx, req, res));
  router.get(ROUTES.smartStyle, smartStyle);

  router.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const parser = bodyParserError(error, req.path === ROUTES.register);
    const page = req.path === ROUTES.home || req.path.startsWith(ROUTES.authorize) || req.path.startsWith(ROUTES.interaction) || req.path === ROUTES.launch;
    if (!parser) console.error('mock-ehr: unexpected error in the authorization server:', error);
    if (page) sendErrorPage(res, ctx.auth, parser ? 'invalid_request' : 'server_error', parser?.description ?? 'The server could not complete the request.', parser ? 400 : 500);
    else if (parser && req.path === ROUTES.register && describeBodyError(error)?.status === 413) {
      sendOAuthError(res, new InvalidClientMetadataError(`the client metadata is larger than ${ctx.options.maxClientMetadataBytes} bytes (the maxClientMetadataBytes option)`));
    } else if (parser) sendOAuthError(res, parser);
    else next(error);
  });

  return router;
}
