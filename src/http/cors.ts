/**
 * Open CORS for the FHIR API, discovery and the token endpoint, so browser apps on any
 * origin can call them. No cookies are allowed cross-origin: tokens travel in headers.
 */
import type { Request, RequestHandler, Response } from 'express';

const ALLOW_HEADERS = 'Authorization, Content-Type, Accept, Prefer, If-Match, If-None-Match, If-None-Exist, If-Modified-Since, X-Requested-With';
const EXPOSE_HEADERS = 'Location, ETag, Content-Location, Last-Modified, WWW-Authenticate, Retry-After';

/** Sets the open CORS headers; answers a preflight (`OPTIONS`) itself and then returns true. */
export function applyOpenCors(req: Request, res: Response): boolean {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', EXPOSE_HEADERS);
  if (req.method !== 'OPTIONS') return false;
  // PATCH (the FHIR patch interaction) is not CORS-safelisted, so the preflight must name it (Fetch standard, CORS protocol).
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', req.get('Access-Control-Request-Headers') ?? ALLOW_HEADERS);
  res.setHeader('Access-Control-Max-Age', '600');
  res.status(204).end();
  return true;
}

export function openCors(): RequestHandler {
  return (req, res, next) => {
    if (!applyOpenCors(req, res)) next();
  };
}
