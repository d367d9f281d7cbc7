/**
 * Builds the Express app of one sandbox from its context. It never listens: `sandbox.ts`
 * does, or a user mounts `sb.app` in an app of their own, under any sub-path.
 */
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { createAuthRouter } from './auth/router.js';
import type { SandboxContext } from './context.js';
import { createFhirRouter } from './fhir/router.js';
import { refuseHost } from './http/host-rule.js';
import { rejectMalformedPaths } from './http/malformed-path.js';
import { createPagesRouter } from './pages/router.js';
import { ROUTES } from './routes.js';

/**
 * The path below the FHIR base of a request Express would hand to the FHIR API unchanged:
 * `/fhir/...` in lower case, neither discovery (`/fhir/.well-known`) nor a URL that Express
 * parses the slow way (whitespace or `#` anywhere in it, the query included: `url.parse` then
 * also turns backslashes in the path into slashes). Undefined for every other request.
 */
function plainFhirPath(url: string): string | undefined {
  if (!url.startsWith(`${ROUTES.fhir}/`) || SLOW_PARSE.test(url)) return undefined;
  const q = url.indexOf('?');
  const pathname = q < 0 ? url : url.slice(0, q);
  return WELL_KNOWN.test(pathname) ? undefined : pathname.slice(ROUTES.fhir.length);
}

/** A character for which Express (`parseurl`) parses the whole URL with `url.parse`. */
const SLOW_PARSE = /[\t\n\f\r #\u00a0\ufeff]/;
/** `.well-known` right below the base (any case). */
const WELL_KNOWN = /^\/fhir\/\.well-known(?:\/|$)/i;

export function createApp(ctx: SandboxContext): Express {
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

  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    console.error('mock-ehr: unexpected error:', error);
    if (!res.headersSent) res.status(500).type('text/plain').send('The server could not complete the request.');
  });

  return app;
}
