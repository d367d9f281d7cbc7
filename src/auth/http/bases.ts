/**
 * The public URLs of the sandbox as one request sees them: the root (the configured
 * `baseUrl`, or protocol, host and mount path), the FHIR base, the issuer, and every form
 * of the FHIR base an `aud` may name (the configured one and the one derived from the request).
 */
import type { Request } from 'express';
import { rootUrl, type SandboxContext } from '../../context.js';
import { urlFor } from '../../routes.js';

export interface RequestBases {
  root: string;
  fhirBase: string;
  /** The OpenID Connect issuer: the sandbox root. */
  issuer: string;
  /** Every FHIR base an `aud` may name. */
  fhirBases: string[];
  /** Every token endpoint URL a client assertion's `aud` may name. */
  tokenUrls: string[];
}

function derivedRoot(req: Request): string {
  const mount = (req.res?.locals.mountPath as string | undefined) ?? '';
  return `${req.protocol}://${req.get('host') ?? 'localhost'}${mount}`;
}

export function requestBases(ctx: SandboxContext, req: Request): RequestBases {
  const root = rootUrl(ctx, req);
  const roots = [...new Set([root, derivedRoot(req)])];
  return {
    root,
    fhirBase: urlFor(root, 'fhir'),
    issuer: root,
    fhirBases: roots.map((r) => urlFor(r, 'fhir')),
    tokenUrls: roots.map((r) => urlFor(r, 'token')),
  };
}
