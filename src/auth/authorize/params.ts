/**
 * The parameters of an authorization request: the query of a GET, or the form of a POST
 * (SMART App Launch 2.2 "authorize-post"; RFC 6749 §3.1). Repeated parameters are noted,
 * not dropped: the checks refuse them once the client and redirect_uri are trusted.
 */
import type { Request } from 'express';

export interface AuthorizeParams {
  /** The first value of a parameter; empty counts as absent (RFC 6749 §3.1). */
  get(name: string): string | undefined;
  /** Names of parameters sent more than once. */
  repeated: string[];
  /** Names of parameters with a value longer than `max` characters. */
  oversized(max: number): string[];
}

function fromPairs(pairs: [string, string][]): AuthorizeParams {
  const values = new Map<string, string[]>();
  for (const [name, value] of pairs) values.set(name, [...(values.get(name) ?? []), value]);
  return {
    get: (name) => values.get(name)?.[0] || undefined,
    repeated: [...values].filter(([, v]) => v.length > 1).map(([k]) => k),
    oversized: (max) => [...values].filter(([k, v]) => k.length > max || v.some((x) => x.length > max)).map(([k]) => (k.length > max ? `${k.slice(0, 40)}...` : k)),
  };
}

export function authorizeParams(req: Request): AuthorizeParams {
  if (req.method === 'POST') {
    const body = (req.is('application/x-www-form-urlencoded') && req.body ? req.body : {}) as Record<string, string | string[]>;
    return fromPairs(Object.entries(body).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x): [string, string] => [k, String(x)])));
  }
  const q = req.originalUrl.indexOf('?');
  return fromPairs(q < 0 ? [] : [...new URLSearchParams(req.originalUrl.slice(q + 1))]);
}
