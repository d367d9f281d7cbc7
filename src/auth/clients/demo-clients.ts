/**
 * The built-in demo clients, one of each type, so any app can be tried without set-up.
 * Their credentials, private keys included, are public on purpose (see docs/authorization.md).
 */
import { DEMO_ASYMMETRIC_ES384, DEMO_ASYMMETRIC_RS384, DEMO_BACKEND_ES384, publicJwk } from './demo-keys.js';
import { DEFAULT_SYSTEM_SCOPES, DEFAULT_USER_SCOPES, type ClientRecord } from './types.js';

export const DEMO_CLIENT_SECRET = 'demo-confidential-secret';
/** The client id of the built-in backend service (SMART Backend Services, `client_credentials`). */
export const DEMO_BACKEND_CLIENT_ID = 'demo-backend-service';
/** The client id of the built-in demo SMART app served at `/demo-app/` (a public client). */
export const DEMO_APP_CLIENT_ID = 'demo-app';
/**
 * The demo app's launch URL, relative to the sandbox root: the launcher resolves it against
 * the URL the sandbox is reached on, so it works on any port and under any mount path.
 */
export const DEMO_APP_LAUNCH_PATH = '/demo-app/';

export function demoClients(): ClientRecord[] {
  const app = (clientId: string, name: string, type: ClientRecord['type']): ClientRecord => ({
    clientId,
    name,
    type,
    redirectUris: [],
    loopbackRedirects: true,
    scope: [...DEFAULT_USER_SCOPES],
    origin: 'demo',
  });
  return [
    { ...app(DEMO_APP_CLIENT_ID, 'mock-ehr demo app', 'public'), launchUri: DEMO_APP_LAUNCH_PATH },
    app('demo-public-app', 'Demo public app', 'public'),
    { ...app('demo-confidential-app', 'Demo confidential app (client secret)', 'confidential-symmetric'), secret: DEMO_CLIENT_SECRET },
    {
      ...app('demo-asymmetric-app', 'Demo confidential app (private key JWT)', 'confidential-asymmetric'),
      jwks: { keys: [publicJwk(DEMO_ASYMMETRIC_ES384), publicJwk(DEMO_ASYMMETRIC_RS384)] },
      privateJwks: { keys: [{ ...DEMO_ASYMMETRIC_ES384 }, { ...DEMO_ASYMMETRIC_RS384 }] },
    },
    {
      clientId: DEMO_BACKEND_CLIENT_ID,
      name: 'Demo backend service',
      type: 'backend-service',
      jwks: { keys: [publicJwk(DEMO_BACKEND_ES384)] },
      privateJwks: { keys: [{ ...DEMO_BACKEND_ES384 }] },
      redirectUris: [],
      loopbackRedirects: false,
      scope: [...DEFAULT_SYSTEM_SCOPES],
      origin: 'demo',
    },
  ];
}
