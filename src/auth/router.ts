/**
 * The router of the authorization server and discovery, built from the endpoint table: the
 * HTML pages get the browser session (and CSRF tokens), the JSON endpoints are open to any
 * origin without a session; bodies are small and size-limited; each handler runs inside
 * the hooks of its flow step.
 */
import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import type { SandboxContext } from '../context.js';
import { ENDPOINTS, type Endpoint } from '../endpoints.js';
import { runStep } from '../flow/run-step.js';
import { describeBodyError, formBody, jsonBody } from '../http/body.js';
import { openCors } from '../http/cors.js';
import { ROUTES } from '../routes.js';
import { InvalidClientMetadataError } from './errors.js';
import { bodyParserError } from './http/form-params.js';
import { sendOAuthError } from './http/send-oauth-error.js';
import { sendErrorPage } from './pages/send-page.js';
import { sessionMiddleware } from './pages/session.js';

const FORM_LIMIT = '64kb';

const pathOf = (e: Endpoint): string => `${ROUTES[e.route]}${e.suffix ?? ''}`;

export function createAuthRouter(ctx: SandboxContext): Router {
  const router = express.Router();
  const session = sessionMiddleware(ctx.auth);
  const parsers: Record<NonNullable<Endpoint['body']>, RequestHandler> = {
    form: formBody({ limit: FORM_LIMIT, parameterLimit: 200 }),
    // The one JSON body is client metadata (RFC 7591 registration).
    json: jsonBody({ limit: ctx.options.maxClientMetadataBytes }),
  };
  const pagePaths = new Set(ENDPOINTS.filter((e) => e.kind === 'page').map((e) => ROUTES[e.route]));
  const jsonBodyPaths = new Set(ENDPOINTS.filter((e) => e.body === 'json').map(pathOf));

  router.use([...new Set(ENDPOINTS.filter((e) => e.kind === 'json').map(pathOf))], openCors());
  for (const endpoint of ENDPOINTS) {
    const chain: RequestHandler[] = [];
    if (endpoint.session ?? endpoint.kind === 'page') chain.push(session);
    if (endpoint.body) chain.push(parsers[endpoint.body]);
    const { step, handler } = endpoint;
    chain.push(step ? (req, res) => runStep(ctx, step, handler, req, res) : (req, res) => handler(ctx, req, res));
    if (endpoint.method === 'GET') router.get(pathOf(endpoint), ...chain);
    else router.post(pathOf(endpoint), ...chain);
  }

  router.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const parser = bodyParserError(error, jsonBodyPaths.has(req.path));
    const page = [...pagePaths].some((p) => (p === '/' ? req.path === p : req.path === p || req.path.startsWith(`${p}/`)));
    if (!parser) console.error('mock-ehr: unexpected error in the authorization server:', error);
    if (page) sendErrorPage(res, ctx.auth, parser ? 'invalid_request' : 'server_error', parser?.description ?? 'The server could not complete the request.', parser ? 400 : 500);
    else if (parser && req.path === ROUTES.register && describeBodyError(error)?.status === 413) {
      sendOAuthError(res, new InvalidClientMetadataError(`the client metadata is larger than ${ctx.options.maxClientMetadataBytes} bytes (the maxClientMetadataBytes option)`));
    } else if (parser) sendOAuthError(res, parser);
    else next(error);
  });

  return router;
}
