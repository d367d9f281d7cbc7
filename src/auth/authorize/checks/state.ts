/**
 * SMART App Launch 2.2 app-launch ("state": required): an opaque value the app checks on
 * return, which the server echoes byte for byte.
 */
import { InvalidRequestError } from '../../errors.js';
import type { AuthorizeParams } from '../params.js';

export function checkState(params: AuthorizeParams): string {
  const state = params.get('state');
  if (!state) throw new InvalidRequestError('state is missing; SMART requires an unguessable state value');
  return state;
}
