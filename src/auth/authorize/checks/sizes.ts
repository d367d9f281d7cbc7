/**
 * The size of each authorization request parameter is capped (`maxParameterLength`): a
 * request anyone can send cross-origin must not make the server hold large values for the
 * life of an interaction. The value is never echoed back.
 */
import { InvalidRequestError } from '../../errors.js';
import type { AuthorizeParams } from '../params.js';

export function checkParameterSizes(params: AuthorizeParams, max: number): void {
  const oversized = params.oversized(max);
  if (oversized.length > 0) throw new InvalidRequestError(`parameters longer than ${max} characters (the maxParameterLength option): ${oversized.join(', ')}`);
}
