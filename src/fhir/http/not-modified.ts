/**
 * Whether a conditional GET or HEAD is answered with `304 Not Modified`.
 *
 * FHIR R4 "RESTful API" (http.html, conditional read) lets clients send `If-None-Match` and
 * `If-Modified-Since` on a read. An origin server evaluates those preconditions (RFC 9110
 * §13.2.1, `If-None-Match` before `If-Modified-Since`, §13.2.2) whatever `Cache-Control` the
 * request carries: `Cache-Control: no-cache` is a directive to caches (RFC 9111 §5.2.1.4), and
 * `fetch` adds it to every request that has a conditional header. Express's own freshness
 * check treats `no-cache` as "never fresh", as a cache would, so a read through `fetch` (and
 * the SMART client libraries built on it) never saw a 304; `fresh` is given the two
 * preconditions alone.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import fresh from 'fresh';

export function notModified(req: IncomingMessage, res: ServerResponse, status: number): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  // RFC 9110 §13.2.1: preconditions apply when the answer would otherwise be a 2xx (or a 304).
  if (!((status >= 200 && status < 300) || status === 304)) return false;
  const ifNoneMatch = req.headers['if-none-match'];
  const ifModifiedSince = req.headers['if-modified-since'];
  if (ifNoneMatch === undefined && ifModifiedSince === undefined) return false;
  const etag = res.getHeader('etag');
  const lastModified = res.getHeader('last-modified');
  return fresh(
    { 'if-none-match': ifNoneMatch, 'if-modified-since': ifModifiedSince },
    { etag: typeof etag === 'string' ? etag : undefined, 'last-modified': typeof lastModified === 'string' ? lastModified : undefined },
  );
}
