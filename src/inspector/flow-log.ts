/**
 * The flow log (`--log flows`, option `logFlows`): one short line per flow step, readable
 * on a projector, e.g.
 *   12:04:31 flow-2 demo-app  Token exchange: authorization_code (none): access token for 3600 s
 *            └ Granted scopes: launch openid fhirUser patient/Patient.rs
 * The second line appears only for steps whose key fact is a list (scopes, decisions).
 */
import type { FlowStep } from './steps.js';
import type { FlowTracker } from './tracker.js';

/** Steps whose first detail is worth its own line. */
const KEY_DETAIL = new Set(['auth.authorize', 'auth.consent', 'auth.token', 'auth.pkce', 'fhir.request', 'auth.refresh']);

export function formatStep(step: FlowStep): string {
  const head = `${step.time.slice(11, 19)} ${step.flow}${step.clientId ? ` ${step.clientId}` : ''}  ${step.title}${step.ok || step.kind === 'fault' ? '' : ' FAILED'}: ${step.summary}`;
  const detail = KEY_DETAIL.has(step.kind) ? step.details[0] : undefined;
  return detail ? `${head}\n         └ ${detail.label}: ${detail.value}` : head;
}

/** Writes each new step of `flows` with `write`; returns the function that stops. */
export function logFlows(flows: FlowTracker, write: (line: string) => void): () => void {
  return flows.subscribe((step) => write(formatStep(step)));
}
