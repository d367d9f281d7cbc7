/**
 * SMART App Launch 2.2 app-launch ("aud"): the app names the FHIR base it wants a token for;
 * anything but this server's base is refused, so no code is ever issued for another server.
 */
import { sameAudience } from '../../audience.js';
import { InvalidRequestError } from '../../errors.js';
import type { AuthorizeParams } from '../params.js';

export function checkAudience(params: AuthorizeParams, fhirBase: string): void {
  const aud = params.get('aud');
  if (!aud) throw new InvalidRequestError(`aud is missing; send the FHIR base URL (${fhirBase})`);
  if (!sameAudience(aud, fhirBase)) {
    throw new InvalidRequestError(`aud '${aud}' is not this FHIR server; expected ${fhirBase}`);
  }
}
