/**
 * Request and response classes for a server whose requests an Express app answers. Express
 * gives every request it handles the app's request and response prototypes, one
 * `Object.setPrototypeOf` per object and request; a server made with these classes creates
 * its requests and responses with those prototypes already in their chain, once `adopt` has
 * named the app (requests made before that see them from then on).
 */
import { IncomingMessage, ServerResponse, type ServerOptions } from 'node:http';
import type { Express } from 'express';

export interface AppClasses {
  /** What `createServer` is given. */
  readonly options: ServerOptions;
  /** Puts `app`'s request and response prototypes in the chain of every request and response of these classes. */
  adopt(app: Express): void;
}

export function createAppClasses(): AppClasses {
  class AppRequest extends IncomingMessage {}
  class AppResponse<Request extends IncomingMessage = IncomingMessage> extends ServerResponse<Request> {}
  return {
    options: { IncomingMessage: AppRequest, ServerResponse: AppResponse },
    adopt(app) {
      // The app's prototypes themselves descend from IncomingMessage and ServerResponse.
      Object.setPrototypeOf(AppRequest.prototype, app.request);
      Object.setPrototypeOf(AppResponse.prototype, app.response);
    },
  };
}
