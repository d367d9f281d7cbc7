/**
 * The login step (contract §3, "login (choose who you are)"): the user picks a persona, a
 * practitioner or a patient from the store. No password: this is a sandbox.
 * Form contract: field `user` = `Practitioner/{id}`, `Patient/{id}` or `RelatedPerson/{id}`.
 */
import type { Request } from 'express';
import type { SandboxContext } from '../../context.js';
import { searchPersonas, userFromReference, USER_KINDS, type PersonaKind } from '../people/personas.js';
import type { Interaction } from './types.js';

export function loginPageData(ctx: SandboxContext, req: Request): Record<string, unknown> {
  const q = typeof req.query.q === 'string' ? req.query.q : '';
  const kind = ((USER_KINDS as readonly string[]).includes(String(req.query.kind)) ? req.query.kind : 'all') as PersonaKind;
  const page = Number(req.query.page ?? 1);
  return { q, kind, results: searchPersonas(ctx.store, { q, kind, page }) };
}

/** Applies the login form; returns an error message for the page, or undefined when done. */
export function submitLogin(ctx: SandboxContext, i: Interaction, body: Record<string, unknown>): string | undefined {
  const user = typeof body.user === 'string' ? userFromReference(ctx.store, body.user) : undefined;
  if (!user) return 'Choose who you are from the list.';
  i.user = user;
  ctx.events.emit({ type: 'auth.login', clientId: i.client.clientId, user: `${user.resourceType}/${user.id}` });
  return undefined;
}
