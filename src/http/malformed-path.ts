/**
 * A path with a malformed percent-escape (`%E0%A4%A`, `%zz`; RFC 3986 §2.1) names nothing
 * this server has. It is refused with a 400 before any router runs, in the error format of
 * the part of the sandbox the path belongs to: the HTML error page for the authorization
 * pages, and an OAuth-style JSON error elsewhere. The FHIR API answers its own (a 400
 * OperationOutcome, after the token check like every other path under its base).
 */
import type { NextFunction, Request, Response } from 'express';
import { InvalidRequestError } from '../auth/errors.js';
import { sendOAuthError } from '../auth/http/send-oauth-error.js';
import { sendErrorPage } from '../auth/pages/send-page.js';
import type { SandboxContext } from '../context.js';
import { ROUTES } from '../routes.js';

function isMalformed(path: string): boolean {
  if (!path.includes('%')) return false;
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}

const under = (path: string, prefix: string): boolean => path === prefix || path.startsWith(`${prefix}/`);

export function rejectMalformedPaths(ctx: SandboxContext) {
  const pages = [ROUTES.authorize, ROUTES.interaction, ROUTES.launch];
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!isMalformed(req.path)) {
      next();
      return;
    }
    const message = 'The request path has a malformed percent-escape';
    // Express matches routes without regard to case (its default), so `/FHIR/...` is the FHIR API too.
    const path = req.path.toLowerCase();
    if (under(path, ROUTES.fhir) && !under(path, `${ROUTES.fhir}/.well-known`)) {
      next();
    } else if (pages.some((p) => under(path, p.toLowerCase()))) {
      sendErrorPage(res, ctx.auth, 'invalid_request', message, 400);
    } else {
      sendOAuthError(res, new InvalidRequestError(message));
    }
  };
}
