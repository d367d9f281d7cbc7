/**
 * A consumer of the published package, type-checked against the packed tarball: every part
 * of the test-suite API a strict TypeScript project uses.
 */
import {
  createSandbox,
  exchangeCode,
  FAULT_PRESETS,
  launchEhr,
  launchStandalone,
  type EventOf,
  type Fault,
  type Sandbox,
  type SandboxEvent,
  type TokenResponse,
} from 'mock-ehr';

export async function example(): Promise<void> {
  const sb: Sandbox = await createSandbox({ patients: 2, seed: 7 });
  const early: TokenResponse = await sb.issueToken({ scope: 'patient/*.rs', patient: 'x' });
  const url: string = await sb.listen(0);
  const launch = sb.createLaunch({ user: 'Practitioner/p', patient: 'x', skip: { consent: true } });
  const appUrl: string = launch.url('http://localhost/launch');
  const flow = await launchEhr(sb, { patient: 'x', scope: 'launch patient/*.rs' });
  const standalone = await launchStandalone(sb, { user: 'Practitioner/p', approve: 'all' });
  if (standalone.code) await exchangeCode(sb, { code: standalone.code, codeVerifier: standalone.pkce.verifier });
  const fault: Fault = { at: 'fhir', status: 429, retryAfter: 2, times: 1 };
  sb.faults.inject(fault).remove();
  sb.faults.inject(FAULT_PRESETS[0]!.fault);
  sb.faults.clear();
  sb.clock.advance(3600_000);
  const stop = sb.events.on('fhir.request', (e: EventOf<'fhir.request'>) => void e.status);
  for await (const event of sb.events) {
    const e: SandboxEvent = event;
    if (e.type === 'store.change' && e.jti) break;
  }
  stop();
  const patients = sb.store.search('Patient', { family: 'Smith' });
  sb.store.load({ resourceType: 'Bundle', entry: [] });
  sb.app.disable('x-powered-by');
  void [early.access_token, url, appUrl, flow.tokens?.patient, patients.length];
  await sb.reset();
  await sb.close();
}
