/**
 * The public URLs of the sandbox as one request sees them: the root (the configured
 * `baseUrl`, or protocol, host and mount path), the FHIR base, the issuer, and the URLs an
 * `aud` may name: with a configured `baseUrl`, only those built from it.
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

export function requestBases(ctx: SandboxContext, req: Request): RequestBases {
  // One root only: the configured public URL when there is one (behind a proxy the URL the
  // request arrived on is not the one apps are told to use), else the URL of the request.
  const root = rootUrl(ctx, req);
  const fhirBase = urlFor(root, 'fhir');
  return { root, fhirBase, issuer: root, fhirBases: [fhirBase], tokenUrls: [urlFor(root, 'token')] };
}
