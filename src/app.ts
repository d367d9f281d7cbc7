/**
 * Builds the Express app of one sandbox from its context, and the request listener that
 * serves it when the sandbox listens. It never listens itself: `sandbox.ts` does, or a user
 * mounts `sb.app` in an app of their own, under any sub-path.
 */
import type { RequestListener, ServerOptions } from 'node:http';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { createAuthRouter } from './auth/router.js';
import type { SandboxContext } from './context.js';
import { plainFhirPath } from './fhir/http/plain-path.js';
import { createFhirRouter } from './fhir/router.js';
import { refuseHost } from './http/host-rule.js';
import { createAppClasses, type AppClasses } from './http/app-classes.js';
import { createListener } from './http/listener.js';
import { rejectMalformedPaths } from './http/malformed-path.js';
import { createPagesRouter } from './pages/router.js';
import { ROUTES } from './routes.js';

export interface SandboxApp {
  /** The Express app: mountable anywhere. */
  app: Express;
  /** What a server of the sandbox's own listens with: the app, with the FHIR API reached first. */
  listener: RequestListener;
  /** What such a server is made with: requests and responses with the app's prototypes from the start. */
  serverOptions: ServerOptions;
}

/** The last error handler: an error no handler answered is logged, and the client gets a 500 without details. */
function unexpected(error: unknown, _req: Request, res: Response, _next: NextFunction): void {
  console.error('mock-ehr: unexpected error:', error);
  if (!res.headersSent) res.status(500).type('text/plain').send('The server could not complete the request.');
}

/** `classes`: those of a server made before the app (the command line's); new ones otherwise. */
export function createApp(ctx: SandboxContext, classes: AppClasses = createAppClasses()): SandboxApp {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const malformed = rejectMalformedPaths(ctx);
  const fhir = createFhirRouter(ctx);

  // Before anything is served: only the hosts this sandbox answers (DNS-rebinding defence).
  // Then where this app is mounted (empty at the root): every URL the sandbox builds starts there.
  // A plain FHIR request then goes straight to the FHIR API (the hot path), without Express
  // walking the app's other routes and mounting `/fhir`: the same handler, the same answer.
  app.use((req: Request, res: Response, next: NextFunction) => {
    const host = req.headers.host;
    if (!ctx.hosts.allows(host)) {
      refuseHost(res, host);
      return;
    }
    res.locals.mountPath = req.baseUrl;
    const path = plainFhirPath(req.url);
    if (path !== undefined) fhir.serve(req, res, next, path);
    else next();
  });

  app.use(malformed);

  app.get(ROUTES.health, (_req, res) => {
    res.json({ status: 'ok', resources: ctx.store.count() });
  });

  // The FHIR API first (it is the hot path); it passes `/fhir/.well-known/*` on to discovery.
  app.use(ROUTES.fhir, fhir);
  app.use(createAuthRouter(ctx));
  app.use(createPagesRouter(ctx));

  app.use((req: Request, res: Response) => {
    res.status(404).type('text/plain').send(`Not found: ${req.method} ${req.path}`);
  });

  app.use(unexpected);

  const listener = createListener({ app, allows: (host) => ctx.hosts.allows(host), plainPath: plainFhirPath, serve: fhir.serve, unexpected });
  classes.adopt(app);
  return { app, listener, serverOptions: classes.options };
}
