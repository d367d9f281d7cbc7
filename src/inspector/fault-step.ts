/**
 * A simulated fault (`sb.faults`, a launch's or a client's faults) as an inspector step: what
 * was done at which step, why a real EHR does that, and the spec section an app must follow
 * to cope with it.
 */
import type { FaultEvent } from '../events.js';
import { SPEC, type SpecLink } from './spec-links.js';

export interface FaultDescription {
  title: string;
  summary: string;
  purpose: string;
  spec: SpecLink;
  ok: boolean;
  details: { label: string; value: string }[];
}

const WHERE: Record<string, string> = {
  'smart-configuration': 'the SMART configuration',
  'openid-configuration': 'the OpenID configuration',
  jwks: 'the key set (JWKS)',
  launch: 'the EHR launch',
  authorize: 'the authorization request',
  interaction: 'the authorization pages',
  token: 'the token endpoint',
  introspect: 'the introspection endpoint',
  revoke: 'the revocation endpoint',
  register: 'the registration endpoint',
  fhir: 'the FHIR API',
};

function explain(step: string, effect: string): { what: string; purpose: string; spec: SpecLink } {
  if (effect.startsWith('latency')) {
    return { what: `answered ${effect.slice('latency '.length)} late`, purpose: 'A real EHR is sometimes slow; the app should wait, show progress and time out gracefully.', spec: step === 'fhir' ? SPEC.fhir : step === 'token' ? SPEC.token : SPEC.authorize };
  }
  if (effect.startsWith('state ')) {
    return { what: `sent the code back with the state ${effect.slice(6)}`, purpose: 'The app must refuse a code whose state is not the one it sent, its defence against a forged redirect.', spec: SPEC.csrf };
  }
  if (effect.startsWith('omit ')) {
    return { what: `left ${effect.slice(5)} out of the token response`, purpose: 'A real EHR may leave out a member the app relies on; the app must check the response rather than assume it.', spec: SPEC.token };
  }
  if (effect.startsWith('id_token')) {
    return { what: 'signed the id_token with a key that is not in the JWKS', purpose: 'The app must verify the id_token against the published keys and reject one that does not verify.', spec: SPEC.idTokenValidation };
  }
  if (step === 'authorize') {
    return { what: `sent the app the error ${effect} instead of a code`, purpose: 'The EHR may refuse or fail an authorization request; the app must show the error instead of retrying blindly.', spec: SPEC.error };
  }
  if (step === 'token') {
    return { what: /^\d+$/.test(effect) ? `answered HTTP ${effect}` : `answered ${effect}`, purpose: 'The token endpoint may refuse the grant or fail; the app must report it and not carry on without a token.', spec: SPEC.tokenError };
  }
  if (step === 'fhir') {
    return effect === '401'
      ? { what: 'answered 401 invalid_token: the token expired early', purpose: 'An access token can stop working before its expiry; the app should refresh it or launch again.', spec: SPEC.bearerError }
      : { what: `answered HTTP ${effect}`, purpose: 'A FHIR server answers errors with a status and an OperationOutcome; the app must handle each, and wait for Retry-After when given.', spec: SPEC.fhirHttp };
  }
  return { what: `answered HTTP ${effect}`, purpose: 'A real EHR is sometimes unavailable; the app should report it and may try again later.', spec: step === 'jwks' ? SPEC.jwks : SPEC.discovery };
}

export function describeFault(event: FaultEvent): FaultDescription {
  const { what, purpose, spec } = explain(event.step, event.effect);
  return {
    title: 'Simulated fault',
    summary: `${WHERE[event.step] ?? event.step} ${what}`,
    purpose,
    spec,
    ok: event.effect.startsWith('latency'),
    details: [{ label: 'Injected at step', value: event.step }],
  };
}
