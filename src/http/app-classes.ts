/**
 * Request and response classes for a server whose requests an Express app answers.
 *
 * Express gives every request it handles the app's request and response prototypes
 * (`app.request`, `app.response`) with `Object.setPrototypeOf` on both objects, and changing an
 * object's prototype slows every later use of it (MDN, `Object.setPrototypeOf`: "a very slow
 * operation"): measured on Node 20, a request then costs several times the CPU. A server made
 * with these classes creates its requests and responses with the app's prototypes from the
 * start: `adopt` makes the classes' own prototypes the app's `request` and `response`, so that
 * Express finds each object's prototype already set and changes nothing.
 */
import { IncomingMessage, ServerResponse, type ServerOptions } from 'node:http';
import type { Express } from 'express';

export interface AppClasses {
  /** What `createServer` is given. */
  readonly options: ServerOptions;
  /**
   * Makes the classes' prototypes `app.request` and `app.response` (what Express made them,
   * over Express's request and response). Once, before the app serves anything; requests made
   * before it (held by a server that listened first) have them from then on.
   */
  adopt(app: Express): void;
}

/** Makes `proto` what `made` is (its properties, over its prototype), in its place. */
function takeOver(proto: object, made: object): void {
  Object.setPrototypeOf(proto, Object.getPrototypeOf(made) as object | null);
  Object.defineProperties(proto, Object.getOwnPropertyDescriptors(made));
}

export function createAppClasses(): AppClasses {
  class AppRequest extends IncomingMessage {}
  class AppResponse<Request extends IncomingMessage = IncomingMessage> extends ServerResponse<Request> {}
  return {
    options: { IncomingMessage: AppRequest, ServerResponse: AppResponse },
    adopt(app) {
      takeOver(AppRequest.prototype, app.request);
      takeOver(AppResponse.prototype, app.response);
      // The same objects, typed as Express types its own (they descend from Express's request and response now).
      app.request = AppRequest.prototype as unknown as Express['request'];
      app.response = AppResponse.prototype as unknown as Express['response'];
    },
  };
}
