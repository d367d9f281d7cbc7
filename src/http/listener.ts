/**
 * The request listener of a listening sandbox. A request the FHIR API takes as it comes (see
 * `fhir/http/plain-path.ts`) from a host the sandbox serves goes to the FHIR API at once,
 * without Express walking the app's router to find it; every other request enters the Express
 * app. The request and response are first given what Express gives every request it handles
 * (its request and response prototypes, each other, `locals`, the URLs below the app), so the
 * FHIR API sees them as it would inside the app and answers the same.
 *
 * `sb.app` mounted in another app does not come through here: its own first middleware
 * hands the same requests to the FHIR API.
 */
import type { RequestListener } from 'node:http';
import type { Express, NextFunction, Request, Response } from 'express';

/** What the listener needs of the app it fronts. */
export interface FrontedApp {
  readonly app: Express;
  /** True when a request with this `Host` header may be served (the app refuses the others). */
  allows(hostHeader: string | undefined): boolean;
  /** The path below the FHIR base of a request the FHIR API takes as it comes; undefined otherwise. */
  plainPath(url: string): string | undefined;
  /** The FHIR API, given the path below its base. */
  serve(req: Request, res: Response, next: NextFunction, path: string): void;
  /** The app's last error handler: what an error thrown by a handler comes to. */
  unexpected(error: unknown, req: Request, res: Response, next: NextFunction): void;
}

const ignore: NextFunction = () => undefined;
const FAILED = 'The server could not complete the request.';

export function createListener(fronted: FrontedApp): RequestListener {
  const { app, allows, plainPath, serve, unexpected } = fronted;
  return (incoming, outgoing) => {
    const url = incoming.url ?? '';
    // The host check comes first: a refused host is answered by the app, like any other request.
    const path = allows(incoming.headers.host) ? plainPath(url) : undefined;
    if (path === undefined) {
      app(incoming, outgoing);
      return;
    }
    // As Express sets up a request before its first middleware (Express 5 `app.handle` and
    // its router): each other, the app's prototypes (which a server made with the classes of
    // `app-classes.ts` gave them already: then nothing changes), `locals`, the app at the root.
    const req = incoming as Request;
    const res = outgoing as Response;
    req.res = res;
    res.req = req;
    Object.setPrototypeOf(req, app.request);
    Object.setPrototypeOf(res, app.response);
    req.baseUrl = '';
    req.originalUrl = url;
    res.locals = { mountPath: '' };
    // Express's own first step, for an app that turned the header back on (the sandbox turns it off).
    if (app.enabled('x-powered-by')) res.setHeader('X-Powered-By', 'Express');
    const next: NextFunction = (error?: unknown) => {
      if (!error) {
        app(req, res);
        return;
      }
      try {
        unexpected(error, req, res, ignore);
      } catch {
        // The last handler failed too. As Express's final handler does: a bare 500, or, when
        // part of the answer is written already, the connection closed.
        if (res.headersSent) {
          req.socket.destroy();
          return;
        }
        res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(FAILED) });
        res.end(FAILED);
      }
    };
    try {
      serve(req, res, next, path);
    } catch (error) {
      next(error);
    }
  };
}
