/**
 * An HTTP server that listens before the app that answers it exists: the command line opens
 * its port first and seeds the data meanwhile, so a client that connects as soon as the URL is
 * printed waits on an open connection instead of retrying. Every request that arrives before
 * `serve` is held, unread, and handed to the app in arrival order once it is given: no
 * request ever sees a sandbox that is not fully loaded.
 *
 * Holding is bounded: a request whose client goes away is let go, and past `heldLimit`
 * waiting requests (a large seed can take many seconds) the next one is answered at once with
 * `503 Service Unavailable` and `Retry-After` (RFC 9110 §15.6.4, §10.2.3): an
 * OperationOutcome (code `transient`) under the FHIR base, plain text elsewhere.
 */
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createAppClasses, type AppClasses } from './app-classes.js';
import { outcome } from '../errors/operation-outcome.js';
import { ROUTES } from '../routes.js';

export interface EarlyServer {
  readonly server: Server;
  /** The host it listens on, as given to `listen`. */
  readonly host: string;
  /** The classes of its requests and responses, for the Express app that will answer them to adopt. */
  readonly classes: AppClasses;
  /** Answers the held requests and every later one with `listener`. */
  serve(listener: RequestListener): void;
}

export interface EarlyServerOptions {
  /** Requests held at most while the data loads; later ones get a 503. Default 1,000. */
  heldLimit?: number;
}

export const DEFAULT_HELD_LIMIT = 1000;

const STILL_LOADING = 'mock-ehr is still loading its data; try again in a moment.';

function refuseWhileLoading(req: IncomingMessage, res: ServerResponse): void {
  res.statusCode = 503;
  res.setHeader('Retry-After', '1');
  res.setHeader('Cache-Control', 'no-store');
  const path = (req.url ?? '').toLowerCase();
  if (path === ROUTES.fhir || path.startsWith(`${ROUTES.fhir}/`) || path.startsWith(`${ROUTES.fhir}?`)) {
    res.setHeader('Content-Type', 'application/fhir+json; charset=utf-8');
    res.end(JSON.stringify(outcome([{ severity: 'error', code: 'transient', diagnostics: STILL_LOADING }])));
  } else {
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.end(STILL_LOADING);
  }
}

/** Listens on `port` (0: any free port) and `host`; rejects with the listen error (EADDRINUSE...). */
export function listenEarly(port: number, host: string, options: EarlyServerOptions = {}): Promise<EarlyServer> {
  const heldLimit = options.heldLimit ?? DEFAULT_HELD_LIMIT;
  const held = new Set<[IncomingMessage, ServerResponse]>();
  const hold: RequestListener = (req, res) => {
    if (held.size >= heldLimit) {
      refuseWhileLoading(req, res);
      return;
    }
    const pair: [IncomingMessage, ServerResponse] = [req, res];
    held.add(pair);
    // A client that goes away before the data is ready is not waited for.
    res.once('close', () => held.delete(pair));
  };
  const classes = createAppClasses();
  const server = createServer(classes.options, hold);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve({
        server,
        host,
        classes,
        serve(listener) {
          server.off('request', hold);
          server.on('request', listener);
          const waiting = [...held];
          held.clear();
          for (const [req, res] of waiting) listener(req, res);
        },
      });
    });
  });
}
