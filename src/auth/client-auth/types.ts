/**
 * Client authentication at the token, introspection and revocation endpoints (RFC 6749
 * §2.3; SMART App Launch 2.2 client-confidential-symmetric and -asymmetric). One module per
 * method; `authenticate.ts` picks the one the request uses.
 */
import type { ClientRecord } from '../clients/types.js';

export type AuthMethod = 'none' | 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';

export interface AuthenticatedClient {
  /** Undefined only for `none` without a `client_id` (a refresh request may name its client by the token). */
  client?: ClientRecord;
  method: AuthMethod;
}

/** Which methods each client type may use. */
export const METHODS_BY_TYPE: Record<ClientRecord['type'], readonly AuthMethod[]> = {
  public: ['none'],
  'confidential-symmetric': ['client_secret_basic', 'client_secret_post'],
  'confidential-asymmetric': ['private_key_jwt'],
  'backend-service': ['private_key_jwt'],
};
