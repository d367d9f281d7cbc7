/** RFC 6749 §3.1: request parameters "MUST NOT be included more than once". */
import { InvalidRequestError } from '../../errors.js';
import type { AuthorizeParams } from '../params.js';

export function checkNoRepeatedParameters(params: AuthorizeParams): void {
  if (params.repeated.length > 0) throw new InvalidRequestError(`parameters sent more than once: ${params.repeated.join(', ')}`);
}
