/**
 * Records one EHR launch (SMART App Launch 2.2 "EHR launch"): a launch id bound to the
 * chosen user and context, valid for an hour, with its faults and pages to skip, and the
 * `auth.launch` event. The launcher page and `sb.createLaunch` both start launches here.
 */
import type { SandboxContext } from '../../context.js';
import type { Fault } from '../../flow/fault-types.js';
import { randomToken } from '../random.js';
import { userReference, type LaunchRecord } from '../tokens/records.js';
import type { ParsedLaunch } from './form.js';

/** How long a launch id stays usable. */
export const LAUNCH_LIFETIME_MS = 60 * 60 * 1000;

export interface LaunchExtras {
  /** Pages to go through without showing them. */
  skip?: LaunchRecord['skip'];
  /** Faults that apply to this launch's flow only. */
  faults?: readonly Fault[];
  /** The app URL the launch opens, when known (the launcher page); empty for `sb.createLaunch`. */
  launchUrl?: string;
}

/** Stores the launch and returns its id. */
export function recordLaunch(ctx: SandboxContext, parsed: ParsedLaunch, extras: LaunchExtras = {}): string {
  const id = randomToken();
  const expiresAt = ctx.clock.now() + LAUNCH_LIFETIME_MS;
  const record: LaunchRecord = { id, clientId: parsed.clientId, user: parsed.user, context: parsed.context, expiresAt, ...(extras.skip ? { skip: { ...extras.skip } } : {}) };
  ctx.auth.launches.set(id, record, expiresAt);
  for (const fault of extras.faults ?? []) ctx.flow.faults.inject({ ...fault, launch: id });
  ctx.events.emit({
    type: 'auth.launch',
    clientId: parsed.clientId,
    launchId: id,
    user: userReference(parsed.user),
    ...(parsed.context.patient ? { patient: parsed.context.patient } : {}),
    ...(parsed.context.encounter ? { encounter: parsed.context.encounter } : {}),
    launchUrl: extras.launchUrl ?? '',
  });
  return id;
}
