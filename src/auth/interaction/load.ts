/**
 * Finds the interaction a page is for and checks that this browser session owns it: the
 * first page shown binds it to the session, and no other session may continue it.
 */
import type { Request, Response } from 'express';
import type { SandboxContext } from '../../context.js';
import { sendErrorPage, sendPage } from '../pages/send-page.js';
import type { Interaction } from './types.js';

export function loadInteraction(ctx: SandboxContext, req: Request, res: Response): Interaction | undefined {
  const uid = String(req.params.uid ?? '');
  const interaction = ctx.auth.interactions.get(uid);
  const fail = (description: string, status: number): undefined => {
    ctx.events.emit({ type: 'auth.error', endpoint: 'interaction', clientId: interaction?.client.clientId, error: 'invalid_request', description, redirected: false });
    sendErrorPage(res, ctx.auth, 'invalid_request', description, status);
    return undefined;
  };
  if (!interaction) return fail('This sign-in is unknown, finished or expired. Start again from the app.', 404);
  if (interaction.finished) {
    // The Back button after Approve or Deny: the app already has its answer; say so plainly.
    sendPage(res, ctx.auth, 'finished', 'Already answered', { home: `${interaction.root}/`, client: interaction.client.name, finished: interaction.finished }, 410);
    return undefined;
  }
  if (interaction.sessionId === undefined && req.method === 'GET') {
    interaction.sessionId = req.sessionID;
  } else if (interaction.sessionId !== req.sessionID) {
    return fail('This sign-in was started in another browser session. Start again from the app.', 403);
  }
  return interaction;
}
