/**
 * What the flow inspector shows of freshly issued tokens: each JWT's header and claims, and
 * its signature checked with jose against the key set the sandbox publishes at its
 * `jwks_uri` (RFC 7517; RFC 7515 §5.2), as an app or resource server would. The token
 * strings themselves, and refresh tokens, never leave this module.
 */
import { compactVerify, decodeProtectedHeader, decodeJwt } from 'jose';
import type { SandboxContext } from '../../context.js';
import type { DecodedJwt } from '../events.js';
import type { PublishedKeySet } from '../keys/signing-key.js';
import type { TokenResponse } from './issue.js';

async function decode(kind: DecodedJwt['kind'], token: string, jwks: PublishedKeySet): Promise<DecodedJwt> {
  const header = decodeProtectedHeader(token) as Record<string, unknown>;
  const claims = decodeJwt(token) as Record<string, unknown>;
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  try {
    await compactVerify(token, jwks, { algorithms: ['RS256'] });
    return { kind, header, claims, signature: { verified: true, ...(kid ? { kid } : {}), detail: `RS256 signature verified with key ${kid ?? '(no kid)'} of the published JWKS` } };
  } catch (error) {
    return { kind, header, claims, signature: { verified: false, ...(kid ? { kid } : {}), detail: `signature not verified: ${(error as Error).message}` } };
  }
}

/** Emits `auth.tokens-decoded` for the access token and id_token of a token response. */
export async function emitDecodedTokens(ctx: SandboxContext, clientId: string, jti: string, body: TokenResponse): Promise<void> {
  // The same published key set for every token response: jose imports the key once.
  const jwks = await ctx.auth.keys.published;
  const tokens = await Promise.all([decode('access_token', body.access_token, jwks), ...(body.id_token ? [decode('id_token', body.id_token, jwks)] : [])]);
  ctx.events.emit({ type: 'auth.tokens-decoded', clientId, jti, tokens });
}
