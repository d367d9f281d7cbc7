/**
 * The discovery documents (contract §1): JSON whatever the `Accept` header says, readable
 * from any origin. Mounted before the FHIR API, since the SMART file lives under its base.
 */
import express, { type Request, type Response, type Router } from 'express';
import type { SandboxContext } from '../context.js';
import { rootUrl } from '../context.js';
import { openCors } from '../http/cors.js';
import { ROUTES } from '../routes.js';
import type { DiscoveryEvent } from '../auth/events.js';
import { openidConfiguration } from './openid-configuration.js';
import { smartConfiguration } from './smart-configuration.js';

function sendJson(res: Response, body: unknown): void {
  res.setHeader('Cache-Control', 'no-cache');
  res.status(200).type('application/json').send(JSON.stringify(body));
}

export function createDiscoveryRouter(ctx: SandboxContext): Router {
  const router = express.Router();
  const seen = (document: DiscoveryEvent['document']): void => ctx.events.emit({ type: 'discovery', document });
  router.use([ROUTES.smartConfiguration, ROUTES.openidConfiguration, ROUTES.jwks], openCors());
  router.get(ROUTES.smartConfiguration, (req: Request, res: Response) => {
    seen('smart-configuration');
    sendJson(res, smartConfiguration(rootUrl(ctx, req)));
  });
  router.get(ROUTES.openidConfiguration, (req: Request, res: Response) => {
    seen('openid-configuration');
    sendJson(res, openidConfiguration(rootUrl(ctx, req)));
  });
  router.get(ROUTES.jwks, async (_req: Request, res: Response) => {
    seen('jwks');
    const key = await ctx.auth.keys.ready;
    sendJson(res, { keys: [key.publicJwk] });
  });
  return router;
}
