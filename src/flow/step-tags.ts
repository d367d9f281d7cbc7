/**
 * The flow a request to an OAuth or discovery step belongs to, read from what the request
 * carries: `client_id`, the `launch` parameter, the interaction id in the path, the code or
 * the refresh token (each linked to its launch and interaction when it was handed out),
 * and for introspection and revocation the token asked about (RFC 7662 §2.1, RFC 7009 §2.1).
 */
import type { Request } from 'express';
import type { FlowTags } from '../events.js';
import { jwtPayload } from './jwt-payload.js';
import type { FlowLinks } from './links.js';
import type { Step } from './steps.js';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function basicClientId(header: string | undefined): string | undefined {
  const m = /^Basic +([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    return decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

export function stepTags(step: Step, req: Request, links: FlowLinks): FlowTags {
  const query = req.query as Record<string, unknown>;
  const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
  const param = (name: string): string | undefined => str(body[name]) ?? str(query[name]);
  const tags: FlowTags = {};
  const clientId = param('client_id') ?? basicClientId(req.get('authorization'));
  if (clientId) tags.clientId = clientId;
  if (step === 'authorize') {
    const launch = param('launch');
    if (launch) tags.launchId = launch;
  }
  if (step === 'interaction') {
    const uid = str(req.params.uid);
    if (uid) Object.assign(tags, links.find('interaction', uid), { interactionId: uid });
  }
  if (step === 'token') {
    Object.assign(tags, links.find('code', param('code')) ?? links.find('refresh', param('refresh_token')), clientId ? { clientId } : {});
  }
  if (step === 'introspect' || step === 'revoke') {
    const token = param('token');
    const jti = jwtPayload(token)?.jti;
    Object.assign(tags, links.find('refresh', token) ?? links.find('jti', typeof jti === 'string' ? jti : undefined), clientId ? { clientId } : {});
  }
  return tags;
}
