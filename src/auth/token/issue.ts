/**
 * The successful token response (RFC 6749 §5.1; SMART App Launch 2.2 "access token
 * response"; contract §4): access token, `token_type`, `expires_in` (always a number),
 * `scope`, a refresh token when offline or online access is granted, an id_token when
 * `openid fhirUser` is, and the launch context members.
 */
import type { SandboxContext } from '../../context.js';
import { createAccessToken } from '../tokens/access-token.js';
import { createIdToken, wantsIdToken } from '../tokens/id-token.js';
import type { AccessTokenRecord, Grant } from '../tokens/records.js';
import { createRefreshToken, wantsRefreshToken } from '../tokens/refresh-token.js';

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
  refresh_token?: string;
  id_token?: string;
  patient?: string;
  encounter?: string;
  fhirContext?: unknown[];
  need_patient_banner?: boolean;
  smart_style_url?: string;
  intent?: string;
}

export interface Issued {
  body: TokenResponse;
  record: AccessTokenRecord;
}

export interface IssueOptions {
  /** Issue an id_token when the grant asks for one. */
  idToken: boolean;
  /** Access token lifetime in seconds; default the `accessTokenLifetime` option. */
  lifetime?: number;
}

export async function issueTokens(
  ctx: SandboxContext,
  grant: Grant,
  scope: string[],
  issuer: string,
  options: IssueOptions,
): Promise<Issued> {
  const key = await ctx.auth.keys.ready;
  const withIdToken = options.idToken && wantsIdToken(grant, scope);
  const { sign, record } = createAccessToken(ctx, key, grant, scope, issuer, withIdToken, options.lifetime);
  // RFC 6749 §6: a rotated refresh token keeps the scope of the one it replaces (the grant's),
  // even when this access token was narrowed below it.
  const refresh = wantsRefreshToken(grant.scope) ? createRefreshToken(ctx, grant) : undefined;
  const keepUntil = Math.max(record.exp, refresh?.exp ?? 0) * 1000;
  ctx.auth.grants.set(grant.id, grant, keepUntil);
  // Every record is in place before the first wait, so a revocation that arrives while the
  // tokens are being signed (a reused code, RFC 6749 §4.1.2) reaches all of them. Both
  // signatures then run at once, on the thread pool (see keys/jws.ts).
  const [token, idToken] = await Promise.all([sign(), withIdToken ? createIdToken(key, grant, issuer, record.iat, record.exp) : undefined]);
  const { context } = grant;
  const body: TokenResponse = {
    access_token: token,
    token_type: 'Bearer',
    expires_in: record.exp - record.iat,
    scope: scope.join(' '),
    ...(refresh ? { refresh_token: refresh.token } : {}),
    ...(idToken !== undefined ? { id_token: idToken } : {}),
    ...(context.patient ? { patient: context.patient } : {}),
    ...(context.encounter ? { encounter: context.encounter } : {}),
    ...(context.fhirContext?.length ? { fhirContext: context.fhirContext } : {}),
    ...(context.needPatientBanner !== undefined ? { need_patient_banner: context.needPatientBanner } : {}),
    ...(context.smartStyleUrl ? { smart_style_url: context.smartStyleUrl } : {}),
    ...(context.intent ? { intent: context.intent } : {}),
  };
  return { body, record };
}
