/**
 * Open CORS for the FHIR API, discovery and the token endpoint, so browser apps on any
 * origin can call them. No cookies are allowed cross-origin: tokens travel in headers.
 */
import type { RequestHandler } from 'express';

const ALLOW_HEADERS = 'Authorization, Content-Type, Accept, Prefer, If-Match, If-None-Match, If-None-Exist, If-Modified-Since, X-Requested-With';
const EXPOSE_HEADERS = 'Location, ETag, Content-Location, Last-Modified, WWW-Authenticate, Retry-After';

export function openCors(): RequestHandler {
  return (req, res, next) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Expose-Headers', EXPOSE_HEADERS);
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', req.get('Access-Control-Request-Headers') ?? ALLOW_HEADERS);
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}
