/** Gets an access token from a running sandbox by a standalone launch over plain HTTP. */
import { getTokens } from '../test/helpers/flows.js';
import type { TestSandbox } from '../test/helpers/sandbox.js';

export async function benchToken(fhirBase: string, patient: string): Promise<string> {
  const url = fhirBase.replace(/\/fhir$/, '');
  const target = { url, fhirBase } as TestSandbox;
  const tokens = await getTokens(target, { scope: 'launch/patient openid fhirUser patient/*.rs' }, { user: `Patient/${patient}`, patient });
  return tokens.access_token;
}
