/**
 * Builds the Express app of one sandbox from its context. It never listens: `sandbox.ts`
 * does, or a user mounts `sb.app` in an app of their own, under any sub-path.
 */
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { createAuthRouter } from './auth/router.js';
import type { SandboxContext } from './context.js';
import { createFhirRouter } from './fhir/router.js';
import { hostGuard } from './http/host-rule.js';
import { rejectMalformedPaths } from './http/malformed-path.js';
import { createPagesRouter } from './pages/router.js';
import { ROUTES } from './routes.js';

export function createApp(ctx: SandboxContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // Before anything is served: only the hosts this sandbox answers (DNS-rebinding defence).
  app.use(hostGuard(ctx.hosts));

  // Where this app is mounted (empty at the root): every URL the sandbox builds starts there.
  app.use((req: Request, res: Response, next: NextFunction) => {
    res.locals.mountPath = req.baseUrl;
    next();
  });

  app.use(rejectMalformedPaths(ctx));

  app.get(ROUTES.health, (_req, res) => {
    res.json({ status: 'ok', resources: ctx.store.count() });
  });

  // The FHIR API first (it is the hot path); it passes `/fhir/.well-known/*` on to discovery.
  app.use(ROUTES.fhir, createFhirRouter(ctx));
  app.use(createAuthRouter(ctx));
  app.use(createPagesRouter(ctx));

  app.use((req: Request, res: Response) => {
    res.status(404).type('text/plain').send(`Not found: ${req.method} ${req.path}`);
  });

  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    console.error('mock-ehr: unexpected error:', error);
    if (!res.headersSent) res.status(500).type('text/plain').send('The server could not complete the request.');
  });

  return app;
}
