/**
 * An HTTP server that listens before the app that answers it exists: the command line opens
 * its port first and seeds the data meanwhile, so a client that connects as soon as the URL is
 * printed waits on an open connection instead of retrying. Every request that arrives before
 * `serve` is held, unread, and handed to the app in arrival order once it is given: no
 * request ever sees a sandbox that is not fully loaded.
 */
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';

export interface EarlyServer {
  readonly server: Server;
  /** The host it listens on, as given to `listen`. */
  readonly host: string;
  /** Answers the held requests and every later one with `app`. */
  serve(app: RequestListener): void;
}

/** Listens on `port` (0: any free port) and `host`; rejects with the listen error (EADDRINUSE...). */
export function listenEarly(port: number, host: string): Promise<EarlyServer> {
  const held: [IncomingMessage, ServerResponse][] = [];
  const hold: RequestListener = (req, res) => {
    held.push([req, res]);
  };
  const server = createServer(hold);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve({
        server,
        host,
        serve(app) {
          server.off('request', hold);
          server.on('request', app);
          for (const [req, res] of held.splice(0)) app(req, res);
        },
      });
    });
  });
}
