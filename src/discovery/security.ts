/**
 * `rest[0].security` of the CapabilityStatement: the SMART-on-FHIR service and the
 * `oauth-uris` extension, read by older clients that predate the well-known file.
 */
import type { SandboxContext } from '../context.js';

export function capabilitySecurity(_ctx: SandboxContext, _root: string): Record<string, unknown> | undefined {
  return undefined;
}
