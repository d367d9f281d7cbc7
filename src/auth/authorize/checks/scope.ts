/**
 * The requested scopes (RFC 6749 §3.3; SMART App Launch 2.2 scopes-and-launch-context):
 * well-formed scope tokens, negotiated against what the client may have. Malformed, or
 * nothing grantable: `invalid_scope`. What remains is offered on the consent page.
 */
import { InvalidScopeError } from '../../errors.js';
import type { ClientRecord } from '../../clients/types.js';
import type { RejectedScope } from '../../interaction/types.js';
import { negotiateScopes } from '../../scope-policy.js';
import type { LaunchRecord } from '../../tokens/records.js';
import type { AuthorizeParams } from '../params.js';

/** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

export interface ScopeDecision {
  requested: string[];
  offered: string[];
  rejected: RejectedScope[];
}

export function checkScope(params: AuthorizeParams, client: ClientRecord, launch: LaunchRecord | undefined): ScopeDecision {
  const raw = params.get('scope');
  if (!raw || raw.trim() === '') throw new InvalidScopeError('scope is missing');
  const requested = [...new Set(raw.split(' ').filter(Boolean))];
  const malformed = requested.filter((s) => !SCOPE_TOKEN.test(s));
  if (malformed.length > 0 || /[^ \x21\x23-\x5B\x5D-\x7E]/.test(raw)) {
    throw new InvalidScopeError(`scope is malformed: ${malformed.length ? malformed.join(', ') : 'scopes must be separated by single spaces'}`);
  }
  const { granted, rejected } = negotiateScopes(requested, client.scope, launch ? 'ehr' : 'standalone', {
    patient: launch?.context.patient !== undefined,
    encounter: launch?.context.encounter !== undefined,
  });
  if (granted.length === 0) {
    const why = rejected.map((r) => `${r.scope} (${r.reason})`).join('; ');
    throw new InvalidScopeError(`none of the requested scopes can be granted${why ? `: ${why}` : ''}`);
  }
  return { requested, offered: granted, rejected };
}
