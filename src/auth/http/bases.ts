/**
 * The public URLs of the sandbox as one request sees them: the root (the configured
 * `baseUrl`, or protocol, host and mount path), the FHIR base, the issuer and the token
 * endpoint. An `aud` must name one of these exactly: behind a proxy, the URL a request
 * arrived on is not the one apps are told to use, so it never counts.
 */
import type { Request } from 'express';
import { rootUrl, type SandboxContext } from '../../context.js';
import { urlFor } from '../../routes.js';

export interface RequestBases {
  root: string;
  fhirBase: string;
  /** The OpenID Connect issuer: the sandbox root. */
  issuer: string;
  /** The token endpoint URL, the `aud` of client assertions. */
  tokenUrl: string;
}

export function requestBases(ctx: SandboxContext, req: Request): RequestBases {
  const root = rootUrl(ctx, req);
  return { root, fhirBase: urlFor(root, 'fhir'), issuer: root, tokenUrl: urlFor(root, 'token') };
}
