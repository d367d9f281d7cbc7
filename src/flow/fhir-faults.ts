/**
 * The hook before each FHIR interaction: injected latency, and the failures a real FHIR
 * server answers with (R4 http.html; RFC 6750 §3.1 for 401: the token is expired at once,
 * and stays so, as when an EHR ends a session early). The CapabilityStatement is spared.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { SandboxContext } from '../context.js';
import type { FlowTags } from '../events.js';
import { OperationOutcomeError, type IssueCode } from '../errors/operation-outcome.js';
import type { Fault, FhirFault } from './fault-types.js';

const TEXT: Record<number, [code: IssueCode, text: string]> = {
  401: ['login', 'The access token expired (simulated)'],
  403: ['forbidden', 'Access to this resource is forbidden (simulated)'],
  404: ['not-found', 'The resource is not known (simulated)'],
  410: ['deleted', 'The resource was deleted (simulated)'],
  429: ['throttled', 'Too many requests; retry later (simulated)'],
  500: ['exception', 'The server met an unexpected condition (simulated)'],
  503: ['transient', 'The server is temporarily unavailable (simulated)'],
};

/** Waits for injected latency; returns the failure to answer with, if a fault says so. */
export async function fhirFault(ctx: SandboxContext, tags: FlowTags, interaction: string | undefined, resourceType: string | undefined): Promise<OperationOutcomeError | undefined> {
  if (interaction === 'capabilities' || interaction === undefined) return undefined;
  const accept = (f: Fault): f is FhirFault => f.at === 'fhir' && (f.resourceType === undefined || f.resourceType === resourceType);
  const faults = ctx.flow.faults.take('fhir', tags, accept);
  if (faults.length === 0) return undefined;
  const ms = faults.reduce((sum, f) => sum + (f.latency ?? 0), 0);
  if (ms > 0) {
    ctx.events.emit({ type: 'fault', step: 'fhir', effect: `latency ${ms} ms` });
    await sleep(ms);
  }
  const fault = faults.find((f) => f.status !== undefined);
  if (!fault?.status) return undefined;
  const status = fault.status;
  ctx.events.emit({ type: 'fault', step: 'fhir', effect: String(status) });
  const [code, text] = TEXT[status]!;
  const headers: Record<string, string> = {};
  if (status === 401) {
    const record = tags.jti ? ctx.auth.accessTokens.get(tags.jti) : undefined;
    if (record) record.exp = Math.min(record.exp, Math.floor(ctx.clock.now() / 1000));
    headers['WWW-Authenticate'] = `Bearer realm="mock-ehr", error="invalid_token", error_description="The access token expired"`;
  }
  if (status === 429 || status === 503) headers['Retry-After'] = String(fault.retryAfter ?? 1);
  return new OperationOutcomeError(status, [{ severity: 'error', code, diagnostics: text }], headers);
}
