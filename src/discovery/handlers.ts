/**
 * The discovery documents (contract §1): JSON whatever the `Accept` header says, with
 * `Cache-Control: no-cache`, each emitting a `discovery` event.
 */
import type { Request, Response } from 'express';
import type { DiscoveryEvent } from '../auth/events.js';
import { rootUrl, type SandboxContext } from '../context.js';
import { openidConfiguration } from './openid-configuration.js';
import { smartConfiguration } from './smart-configuration.js';

function sendJson(res: Response, body: unknown): void {
  res.setHeader('Cache-Control', 'no-cache');
  res.status(200).type('application/json').send(JSON.stringify(body));
}

const seen = (ctx: SandboxContext, document: DiscoveryEvent['document']): void => ctx.events.emit({ type: 'discovery', document });

export function sendSmartConfiguration(ctx: SandboxContext, req: Request, res: Response): void {
  seen(ctx, 'smart-configuration');
  sendJson(res, smartConfiguration(rootUrl(ctx, req), ctx.options));
}

export function sendOpenidConfiguration(ctx: SandboxContext, req: Request, res: Response): void {
  seen(ctx, 'openid-configuration');
  sendJson(res, openidConfiguration(rootUrl(ctx, req), ctx.options));
}

export async function sendJwks(ctx: SandboxContext, _req: Request, res: Response): Promise<void> {
  seen(ctx, 'jwks');
  const key = await ctx.auth.keys.ready;
  sendJson(res, { keys: [key.publicJwk] });
}
