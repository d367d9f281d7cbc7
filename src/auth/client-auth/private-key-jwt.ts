/**
 * `private_key_jwt` (RFC 7523 §2.2 and §3; SMART App Launch 2.2 client-confidential-
 * asymmetric): a JWT signed with RS384 or ES384 by a key of the client's JWK Set, with
 * `iss` = `sub` = client_id, `aud` = the token URL, `exp` at most five minutes ahead and a
 * `jti` never seen before from that client. `none` and HS* are refused. Every failure is
 * `invalid_client`.
 */
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, importJWK, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Clock } from '../../clock.js';
import type { ClientRecord } from '../clients/types.js';
import { InvalidClientError } from '../errors.js';
import type { AuthState } from '../state.js';

export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
export const ASSERTION_ALGORITHMS = ['RS384', 'ES384'] as const;
const MAX_LIFETIME_SECONDS = 300;
const TOLERANCE_SECONDS = 5;

const fail = (description: string): InvalidClientError => new InvalidClientError(`client assertion: ${description}`);

/** The one inline key matching `kid` and fitting `alg`, or the client's remote key set. */
async function verificationKey(auth: AuthState, client: ClientRecord, kid: string, alg: string, jku: string | undefined) {
  if (jku !== undefined && jku !== client.jwksUri) throw fail(`jku '${jku}' is not the client's registered jwks_uri`);
  if (client.jwks) {
    const kty = alg.startsWith('ES') ? 'EC' : 'RSA';
    const candidates = client.jwks.keys.filter(
      (k) => k.kid === kid && k.kty === kty && (k.alg === undefined || k.alg === alg) && (k.use === undefined || k.use === 'sig'),
    );
    if (candidates.length !== 1) throw fail(`${candidates.length === 0 ? 'no' : 'more than one'} registered key has kid '${kid}' and fits ${alg}`);
    try {
      return await importJWK(candidates[0]!, alg);
    } catch {
      throw fail(`the registered key '${kid}' cannot be used with ${alg}`);
    }
  }
  if (!client.jwksUri) throw fail('the client has no registered keys');
  let keySet: JWTVerifyGetKey | undefined = auth.remoteKeySets.get(client.jwksUri);
  if (!keySet) {
    keySet = createRemoteJWKSet(new URL(client.jwksUri), { timeoutDuration: 5000 });
    auth.remoteKeySets.set(client.jwksUri, keySet);
  }
  return keySet;
}

export async function authenticatePrivateKeyJwt(
  auth: AuthState,
  clock: Clock,
  assertion: string,
  assertionType: string | undefined,
  bodyClientId: string | undefined,
  audiences: string[],
): Promise<ClientRecord> {
  if (assertionType !== JWT_BEARER_ASSERTION) throw fail(`client_assertion_type must be ${JWT_BEARER_ASSERTION}`);
  let alg: string | undefined;
  let kid: string | undefined;
  let jku: string | undefined;
  let unverified: JWTPayload;
  try {
    ({ alg, kid, jku } = decodeProtectedHeader(assertion));
    unverified = decodeJwt(assertion);
  } catch {
    throw fail('not a signed JWT');
  }
  if (!alg || !(ASSERTION_ALGORITHMS as readonly string[]).includes(alg)) throw fail(`alg '${alg ?? 'none'}' is not accepted; use RS384 or ES384`);
  if (!kid) throw fail('the header has no kid');
  const clientId = unverified.iss;
  if (typeof clientId !== 'string' || unverified.sub !== clientId) throw fail('iss and sub must both be the client_id');
  if (bodyClientId !== undefined && bodyClientId !== clientId) throw fail('client_id differs from the assertion issuer');
  const client = auth.clients.get(clientId);
  if (!client || (client.type !== 'confidential-asymmetric' && client.type !== 'backend-service')) {
    throw fail(`'${clientId}' is not a registered asymmetric client`);
  }
  const key = await verificationKey(auth, client, kid, alg, jku);
  const now = clock.now();
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(assertion, key as Parameters<typeof jwtVerify>[1], {
      algorithms: [alg],
      issuer: clientId,
      subject: clientId,
      audience: audiences,
      currentDate: new Date(now),
      clockTolerance: TOLERANCE_SECONDS,
      requiredClaims: ['exp', 'jti'],
    }));
  } catch (error) {
    throw fail(`${(error as Error).message} (aud must be ${audiences[0]})`);
  }
  if (payload.exp! > now / 1000 + MAX_LIFETIME_SECONDS + TOLERANCE_SECONDS) throw fail('exp is more than five minutes ahead');
  const seen = `${clientId}\n${payload.jti}`;
  if (auth.assertionIds.has(seen)) throw fail('this jti was already used');
  auth.assertionIds.set(seen, true, (payload.exp! + TOLERANCE_SECONDS) * 1000);
  return client;
}
