/** RFC 6749 §4.1.1 and SMART App Launch 2.2: `response_type` must be `code`. */
import { InvalidRequestError, UnsupportedResponseTypeError } from '../../errors.js';
import type { AuthorizeParams } from '../params.js';

export function checkResponseType(params: AuthorizeParams): void {
  const type = params.get('response_type');
  if (!type) throw new InvalidRequestError('response_type is missing; send response_type=code');
  if (type !== 'code') throw new UnsupportedResponseTypeError(`response_type '${type}' is not supported; only 'code' is`);
}
