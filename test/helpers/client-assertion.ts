/**
 * Client assertions for `private_key_jwt` (RFC 7523 §3; SMART App Launch 2.2
 * client-confidential-asymmetric), signed with the demo keys unless told otherwise.
 */
import { randomUUID } from 'node:crypto';
import { importJWK, SignJWT, type JWTHeaderParameters } from 'jose';
import { DEMO_ASYMMETRIC_ES384, type PrivateJwk } from '../../src/index.js';

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface AssertionOptions {
  clientId?: string;
  aud: string;
  key?: PrivateJwk;
  alg?: string;
  header?: Partial<JWTHeaderParameters>;
  jti?: string | null;
  /** Seconds from now; null leaves `exp` out. */
  expiresIn?: number | null;
  iss?: string;
  sub?: string;
  /** Seconds since the epoch that count as "now" (default the real clock). */
  now?: number;
}

export async function clientAssertion(o: AssertionOptions): Promise<string> {
  const key = o.key ?? DEMO_ASYMMETRIC_ES384;
  const alg = o.alg ?? key.alg;
  const clientId = o.clientId ?? 'demo-asymmetric-app';
  const now = o.now ?? Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ ...(o.jti === null ? {} : { jti: o.jti ?? randomUUID() }) })
    .setProtectedHeader({ alg, kid: key.kid, typ: 'JWT', ...o.header })
    .setIssuer(o.iss ?? clientId)
    .setSubject(o.sub ?? clientId)
    .setAudience(o.aud)
    .setIssuedAt(now);
  if (o.expiresIn !== null) jwt.setExpirationTime(now + (o.expiresIn ?? 240));
  return jwt.sign(await importJWK(key, alg));
}

/** The form fields of a private_key_jwt authentication. */
export async function assertionFields(o: AssertionOptions): Promise<Record<string, string>> {
  return { client_assertion_type: JWT_BEARER, client_assertion: await clientAssertion(o) };
}
