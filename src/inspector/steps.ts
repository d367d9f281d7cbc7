/**
 * Each flow event as a step of the inspector and the flow log: a title, what happened, one
 * plain-words sentence on the step's purpose in the spec, the spec link, and details.
 * Events never hold secrets, codes or token strings, so nothing here can show one.
 */
import type { DecodedJwt } from '../auth/events.js';
import type { SandboxEvent } from '../events.js';
import { describeFault } from './fault-step.js';
import { SPEC, type SpecLink } from './spec-links.js';

export interface FlowStep {
  seq: number;
  time: string;
  flow: string;
  clientId?: string;
  /** The event type, e.g. `auth.token`. */
  kind: string;
  title: string;
  /** What happened, in one line. */
  summary: string;
  /** Why the spec has this step, in plain words. */
  purpose: string;
  spec: SpecLink;
  ok: boolean;
  details: { label: string; value: string }[];
  tokens?: DecodedJwt[];
}

type Described = Omit<FlowStep, 'seq' | 'time' | 'flow' | 'clientId' | 'kind'>;

const list = (items: string[]): string => (items.length ? items.join(' ') : '(none)');
const detail = (label: string, value: string | undefined) => (value === undefined ? [] : [{ label, value }]);

/** Describes one event, or undefined for events that are not flow steps. */
export function describe(event: SandboxEvent): Described | undefined {
  switch (event.type) {
    case 'discovery':
      return event.document === 'jwks'
        ? { title: 'Key set fetched', summary: 'GET /.well-known/jwks.json', purpose: 'The public keys that sign the tokens, so anyone can check a token was issued here.', spec: SPEC.jwks, ok: true, details: [] }
        : {
            title: 'Discovery',
            summary: `GET ${event.document === 'smart-configuration' ? '/fhir/.well-known/smart-configuration' : '/.well-known/openid-configuration'}`,
            purpose: 'The app learns where to send the user to authorize and where to get tokens, from the FHIR server itself.',
            spec: SPEC.discovery,
            ok: true,
            details: [],
          };
    case 'auth.launch':
      return {
        title: 'EHR launch',
        summary: event.launchUrl ? `the EHR opened the app at ${event.launchUrl} with iss and launch` : 'the EHR created a launch for the app to open with iss and launch',
        purpose: 'The EHR starts the app with a launch id that stands for the user, patient and encounter already open in the EHR.',
        spec: SPEC.ehrLaunch,
        ok: true,
        details: [...detail('User', event.user), ...detail('Patient', event.patient), ...detail('Encounter', event.encounter)],
      };
    case 'auth.authorize':
      return {
        title: 'Authorize request',
        summary: `${event.launchType} launch asks for ${event.requested.length} scope${event.requested.length === 1 ? '' : 's'}${event.pkce ? ', with PKCE' : ', without PKCE'}`,
        purpose: 'The app sends the user to the authorization server with the scopes it wants, a state value and a PKCE challenge.',
        spec: SPEC.authorize,
        ok: true,
        details: [
          { label: 'Requested scopes', value: list(event.requested) },
          { label: 'Offered to the user', value: list(event.offered) },
          ...event.rejected.map((r) => ({ label: `Not offered: ${r.scope}`, value: r.reason })),
          ...(event.permissive ? [{ label: 'Client', value: 'unregistered id, accepted because it redirects to loopback' }] : []),
        ],
      };
    case 'auth.login':
      return { title: 'Login', summary: `signed in as ${event.user}`, purpose: 'The user proves who they are to the EHR; the app never sees the password.', spec: SPEC.authorize, ok: true, details: [] };
    case 'auth.patient-selected':
      return {
        title: 'Patient choice',
        summary: `patient ${event.patient}${event.automatic ? ' (the only one this user may open)' : ' chosen in the picker'}`,
        purpose: 'A standalone launch asking for launch/patient lets the user choose the patient the app will work with.',
        spec: SPEC.scopes,
        ok: true,
        details: [],
      };
    case 'auth.encounter-selected':
      return { title: 'Encounter choice', summary: event.encounter ? `encounter ${event.encounter}` : 'no encounter', purpose: 'With launch/encounter the app works within one visit of the patient.', spec: SPEC.scopes, ok: true, details: [] };
    case 'auth.consent':
      return {
        title: 'Consent',
        summary: event.decision === 'allow' ? `approved ${event.granted.length}, declined ${event.declined.length}` : 'denied',
        purpose: 'The user decides what the app may do; they may grant fewer scopes than the app asked for.',
        spec: SPEC.scopes,
        ok: event.decision === 'allow',
        details: [
          { label: 'Granted', value: list(event.granted) },
          { label: 'Declined', value: list(event.declined) },
        ],
      };
    case 'auth.code':
      return {
        title: 'Code issued',
        summary: `redirect to ${event.redirectUri} with code and state`,
        purpose: 'A short-lived, single-use code goes back to the app through the browser; it is worth nothing without the PKCE verifier.',
        spec: SPEC.code,
        ok: true,
        details: [{ label: 'Scopes of the grant', value: list(event.scope) }, ...detail('Patient', event.patient), ...detail('Encounter', event.encounter)],
      };
    case 'auth.pkce':
      return {
        title: 'PKCE check',
        summary: event.ok ? 'BASE64URL(SHA256(code_verifier)) equals the code_challenge' : 'the verifier does not match the challenge',
        purpose: 'Only the app that started the flow knows the verifier, so a stolen code cannot be exchanged.',
        spec: SPEC.pkce,
        ok: event.ok,
        details: [
          { label: 'code_challenge (authorize)', value: event.challenge },
          { label: 'SHA-256 of code_verifier', value: event.hashedVerifier ?? '(no verifier sent)' },
        ],
      };
    case 'auth.token':
      return {
        title: event.grantType === 'client_credentials' ? 'Backend token' : 'Token exchange',
        summary: `${event.grantType} (${event.authMethod}): access token for ${event.expiresIn} s${event.refreshToken ? ', refresh token' : ''}${event.idToken ? ', id_token' : ''}`,
        purpose:
          event.grantType === 'client_credentials'
            ? 'A backend service authenticates with a signed assertion and gets a token without any user.'
            : 'The app trades the code and its PKCE verifier for an access token, and for an id_token and refresh token when granted.',
        spec: event.grantType === 'client_credentials' ? SPEC.backend : SPEC.token,
        ok: true,
        details: [{ label: 'Granted scopes', value: list(event.scope) }, { label: 'Token id (jti)', value: event.jti }, ...detail('Patient', event.patient), ...detail('Encounter', event.encounter), ...detail('User', event.user)],
      };
    case 'auth.tokens-decoded':
      return {
        title: 'Tokens decoded',
        summary: event.tokens.map((t) => `${t.kind}: signature ${t.signature.verified ? 'verified' : 'NOT verified'}`).join(', '),
        purpose: 'Tokens are signed JWTs: anyone can read their claims, and the signature, checked with the published key set, proves where they come from.',
        spec: SPEC.idToken,
        ok: event.tokens.every((t) => t.signature.verified),
        details: [],
        tokens: event.tokens,
      };
    case 'auth.refresh':
      return {
        title: 'Refresh',
        summary: `new access token${event.narrowed ? ' with fewer scopes' : ''}; the old refresh token is retired`,
        purpose: 'The app gets a new access token without bothering the user, within what was granted.',
        spec: SPEC.refresh,
        ok: true,
        details: [{ label: 'Scopes', value: list(event.scope) }, { label: 'Token id (jti)', value: event.jti }],
      };
    case 'auth.introspect':
      return { title: 'Introspection', summary: `token is ${event.active ? 'active' : 'not active'}`, purpose: 'A resource server asks whether a token is still valid and what it allows.', spec: SPEC.introspect, ok: true, details: [] };
    case 'auth.revoke':
      return {
        title: 'Revocation',
        summary: event.revoked ? `${event.tokenType ?? 'token'} revoked` : 'nothing to revoke (answered 200 all the same)',
        purpose: 'The app tells the server it no longer needs a token, so it stops working at once.',
        spec: SPEC.revoke,
        ok: true,
        details: [],
      };
    case 'auth.register':
      return { title: 'Registration', summary: `${event.clientType} client registered`, purpose: 'An app registers itself and gets a client id.', spec: SPEC.register, ok: true, details: [] };
    case 'auth.error':
      return {
        title: `Error at ${event.endpoint}`,
        summary: `${event.error}: ${event.description}`,
        purpose: event.redirected ? 'The error went back to the app, with its state, as the spec asks.' : 'The error was shown here, not sent to an unverified address.',
        spec: SPEC.error,
        ok: false,
        details: [],
      };
    case 'fhir.request':
      return {
        title: 'FHIR call',
        summary: `${event.method} ${event.path} → ${event.status}`,
        purpose: 'The app reads data with its access token; the server allows only what the granted scopes cover.',
        spec: SPEC.fhir,
        ok: event.status < 400,
        details: event.decision
          ? [{ label: event.decision.allowed ? 'Allowed by' : 'Refused', value: event.decision.allowed ? (event.decision.scope ?? event.decision.reason) : event.decision.reason }]
          : event.status === 401
            ? [{ label: 'Refused', value: 'no valid access token (send Authorization: Bearer <token>)' }]
            : [],
      };
    case 'fault':
      return describeFault(event);
    default:
      return undefined;
  }
}
