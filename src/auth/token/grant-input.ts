/** What every grant handler receives from the token endpoint. */
import type { AuthenticatedClient } from '../client-auth/types.js';
import type { FormParams } from '../http/form-params.js';
import type { RequestBases } from '../http/bases.js';

export interface GrantInput {
  params: FormParams;
  authenticated: AuthenticatedClient;
  bases: RequestBases;
}
