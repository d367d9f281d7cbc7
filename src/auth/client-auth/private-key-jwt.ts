/**
 * `private_key_jwt` (RFC 7523 §2.2 and §3; SMART App Launch 2.2 client-confidential-
 * asymmetric): `client_assertion_type` exactly the jwt-bearer URN; a JWT signed with RS384 or
 * ES384 (`none` and HS* refused) by the one key of the client's JWK Set that has its `kid`;
 * `typ`, when sent, `JWT`; `iss` = `sub` = client_id; `aud` = the token URL; `exp` present and
 * at most five minutes ahead; `iat`, when sent, not in the future (RFC 7519 §4.1.6, beyond a
 * few seconds of clock skew); a `jti` not seen from that client while the assertion lives.
 * Every failure is `invalid_client`, and its description says which check failed.
 */
import { decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import type { Clock } from '../../clock.js';
import type { ClientRecord } from '../clients/types.js';
import { InvalidClientError } from '../errors.js';
import type { AuthState } from '../state.js';
import { assertionKey } from './assertion-key.js';

export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
export const ASSERTION_ALGORITHMS = ['RS384', 'ES384'] as const;
/** SMART: `exp` "SHALL be no more than five minutes in the future". */
export const MAX_ASSERTION_LIFETIME_SECONDS = 300;
const TOLERANCE_SECONDS = 5;

const fail = (description: string): InvalidClientError => new InvalidClientError(`client assertion: ${description}`);

function algorithmProblem(alg: unknown): string | undefined {
  if ((ASSERTION_ALGORITHMS as readonly unknown[]).includes(alg)) return undefined;
  if (alg === undefined || alg === 'none') return "alg 'none' (an unsigned JWT) is refused; sign with RS384 or ES384";
  if (typeof alg === 'string' && alg.startsWith('HS')) return `alg '${alg}' uses a shared secret and is refused; sign with RS384 or ES384`;
  return `alg '${String(alg)}' is not accepted; sign with RS384 or ES384`;
}

/** What jose's verification error means, in the words of the checks above. */
function verificationProblem(error: unknown, tokenUrl: string): string {
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the signature does not verify with the registered key';
  if (error instanceof errors.JWTExpired) return `the assertion expired (${error.claim} is in the past)`;
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') return `the ${error.claim} claim is missing`;
    if (error.claim === 'aud') return `aud must be the token endpoint URL ${tokenUrl}`;
    return `the ${error.claim} claim is not valid (${error.message})`;
  }
  return `not a valid JWT (${(error as Error).message})`;
}

function readHeader(assertion: string): { header: ProtectedHeaderParameters; claims: JWTPayload } {
  try {
    return { header: decodeProtectedHeader(assertion), claims: decodeJwt(assertion) };
  } catch {
    throw fail('not a signed JWT (three base64url parts: header, claims, signature)');
  }
}

export async function authenticatePrivateKeyJwt(
  auth: AuthState,
  clock: Clock,
  assertion: string,
  assertionType: string | undefined,
  bodyClientId: string | undefined,
  tokenUrl: string,
): Promise<ClientRecord> {
  if (assertionType !== JWT_BEARER_ASSERTION) {
    throw fail(`client_assertion_type must be exactly ${JWT_BEARER_ASSERTION} (${assertionType === undefined ? 'it is missing' : `got '${assertionType}'`})`);
  }
  const { header, claims } = readHeader(assertion);
  const { alg, kid, jku, typ } = header;
  const algProblem = algorithmProblem(alg);
  if (algProblem) throw fail(algProblem);
  if (typeof kid !== 'string' || kid === '') throw fail('the header has no kid');
  if (typ !== undefined && String(typ).toUpperCase() !== 'JWT') throw fail(`typ '${String(typ)}' is not JWT`);
  const clientId = claims.iss;
  if (typeof clientId !== 'string' || clientId === '') throw fail('the iss claim (the client_id) is missing');
  if (claims.sub !== clientId) throw fail(`sub must equal iss, the client_id '${clientId}'`);
  if (bodyClientId !== undefined && bodyClientId !== clientId) throw fail(`client_id '${bodyClientId}' differs from the assertion's iss '${clientId}'`);
  const client = auth.clients.get(clientId);
  if (!client) throw fail(`'${clientId}' is not a registered client`);
  if (client.type !== 'confidential-asymmetric' && client.type !== 'backend-service') throw fail(`'${clientId}' is a ${client.type} client, not an asymmetric one`);
  const key = await assertionKey(client, auth.remoteJwks, { kid, alg: alg!, ...(jku !== undefined ? { jku } : {}) }, fail);
  const now = clock.now();
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(assertion, key, {
      algorithms: [alg!],
      issuer: clientId,
      subject: clientId,
      audience: tokenUrl,
      currentDate: new Date(now),
      clockTolerance: TOLERANCE_SECONDS,
      requiredClaims: ['exp', 'jti'],
    }));
  } catch (error) {
    throw fail(verificationProblem(error, tokenUrl));
  }
  if (payload.exp! > now / 1000 + MAX_ASSERTION_LIFETIME_SECONDS + TOLERANCE_SECONDS) throw fail('exp is more than five minutes ahead');
  // RFC 7519 §4.1.6: iat is when the JWT was issued; one from the future was not made now.
  if (payload.iat !== undefined && payload.iat > now / 1000 + TOLERANCE_SECONDS) throw fail(`iat is in the future (more than ${TOLERANCE_SECONDS} s ahead of the server clock)`);
  if (typeof payload.jti !== 'string' || payload.jti === '') throw fail('jti must be a non-empty string');
  const seen = `${clientId}\n${payload.jti}`;
  if (auth.assertionIds.has(seen)) throw fail(`jti '${payload.jti}' was already used by this client`);
  auth.assertionIds.set(seen, true, (payload.exp! + TOLERANCE_SECONDS) * 1000);
  return client;
}
