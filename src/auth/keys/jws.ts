/**
 * Compact JWS with RS256 (RFC 7515, RFC 7518 §3.3) with node:crypto. Verified synchronously:
 * the Bearer check runs on every FHIR request and must not wait. Issued tokens are signed
 * off the event loop (`signJwtAsync`): an RSA-2048 signature is the largest single cost of
 * a token response, and on the libuv thread pool the access token and the id_token are
 * signed side by side while the event loop serves other requests. Only the sandbox's own
 * tokens pass through here; client assertions are verified with jose.
 */
import { sign, verify } from 'node:crypto';
import type { SigningKey } from './signing-key.js';

export type JwtPayload = Record<string, unknown>;

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

const signingInput = (key: SigningKey, payload: JwtPayload, typ: string): string => `${b64({ alg: key.alg, typ, kid: key.kid })}.${b64(payload)}`;

/** Signs `payload` with header `{ alg: RS256, typ, kid }`. */
export function signJwt(key: SigningKey, payload: JwtPayload, typ = 'JWT'): string {
  const input = signingInput(key, payload, typ);
  return `${input}.${sign('sha256', Buffer.from(input), key.privateKey).toString('base64url')}`;
}

/** `signJwt` on the thread pool: the same token, signed without blocking the event loop. */
export function signJwtAsync(key: SigningKey, payload: JwtPayload, typ = 'JWT'): Promise<string> {
  const input = signingInput(key, payload, typ);
  return new Promise((resolve, reject) => {
    sign('sha256', Buffer.from(input), key.privateKey, (error, signature) => {
      if (error) reject(error);
      else resolve(`${input}.${signature.toString('base64url')}`);
    });
  });
}

const SEGMENT = /^[A-Za-z0-9_-]+$/;

function parseSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The header and payload of `token` when it is a well-formed JWS signed by `key` with RS256
 * and its `kid`; undefined otherwise (any other `alg`, `none` included, is refused). Time
 * claims are the caller's business.
 */
export function verifyJwt(key: SigningKey, token: string): { header: Record<string, unknown>; payload: JwtPayload } | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => SEGMENT.test(p))) return undefined;
  const header = parseSegment(parts[0]!);
  if (!header || header.alg !== 'RS256' || header.kid !== key.kid || header.crit !== undefined) return undefined;
  const signature = Buffer.from(parts[2]!, 'base64url');
  // One token, one spelling: a signature with non-zero padding bits (RFC 4648 §3.5) is refused.
  if (signature.toString('base64url') !== parts[2]) return undefined;
  const ok = verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), key.publicKey, signature);
  if (!ok) return undefined;
  const payload = parseSegment(parts[1]!);
  return payload ? { header, payload } : undefined;
}
