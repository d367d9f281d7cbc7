/**
 * Headless EHR launches (`sb.createLaunch` with `skip`): when the launch already answers
 * every prompt the pages would ask (who, which patient) and consent is skipped, the
 * authorize request ends at once with the code, every offered scope granted, exactly as if
 * the user had pressed Approve.
 */
import type { Response } from 'express';
import type { SandboxContext } from '../../context.js';
import type { LaunchRecord } from '../tokens/records.js';
import { finishWithCode } from './complete.js';
import { advance } from './handlers.js';
import type { Interaction } from './types.js';

/** True when the launch needed no page and the code was sent; false to show the pages. */
export function skipPages(ctx: SandboxContext, res: Response, i: Interaction, skip: NonNullable<LaunchRecord['skip']>): boolean {
  if (!skip.consent || advance(ctx, i) !== 'consent') return false;
  ctx.events.emit({ type: 'auth.consent', clientId: i.client.clientId, decision: 'allow', granted: i.offered, declined: [] });
  finishWithCode(ctx, res, i, i.offered);
  return true;
}
