/**
 * `mock-ehr token`: prints an access token of the built-in backend service, for curl. It
 * does what any SMART Backend Services client does (SMART App Launch 2.2 backend-services):
 * discovery, a client assertion signed with the service's key (RFC 7523 §2.2, `aud` the token
 * endpoint), and `grant_type=client_credentials`. The demo key is public on purpose.
 */
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { importJWK, SignJWT } from 'jose';
import { DEMO_BACKEND_CLIENT_ID } from './auth/clients/demo-clients.js';
import { DEMO_BACKEND_ES384 } from './auth/clients/demo-keys.js';
import { UsageError } from './cli-args.js';

export const TOKEN_USAGE = "Usage: mock-ehr token [--url http://localhost:4013] [--scope 'system/*.rs']";

export async function mintToken(argv: string[]): Promise<string> {
  let values: { url?: string; scope?: string };
  try {
    values = parseArgs({ args: argv, strict: true, options: { url: { type: 'string' }, scope: { type: 'string' } } }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]}; ${TOKEN_USAGE}`);
  }
  const base = (values.url ?? process.env.MOCK_EHR_URL ?? 'http://localhost:4013').replace(/\/+$/, '');
  const smart = (await (await fetch(`${base}/fhir/.well-known/smart-configuration`)).json()) as { token_endpoint: string };
  const key = DEMO_BACKEND_ES384;
  const assertion = await new SignJWT({ jti: randomUUID() })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .setIssuer(DEMO_BACKEND_CLIENT_ID)
    .setSubject(DEMO_BACKEND_CLIENT_ID)
    .setAudience(smart.token_endpoint)
    .setExpirationTime('4m')
    .sign(await importJWK(key, key.alg));
  const res = await fetch(smart.token_endpoint, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      scope: values.scope ?? 'system/*.rs',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    }),
  });
  const body = (await res.json()) as { access_token?: string; error?: string; error_description?: string };
  if (!res.ok || !body.access_token) throw new Error(`the token endpoint refused: ${body.error}: ${body.error_description}`);
  return body.access_token;
}
