/**
 * The patient picker (contract §2 and §3): search by name, birth date or MRN, paged, with
 * age and sex. A practitioner sees every patient (only their own under `ownPatientsOnly`); a
 * patient user sees their own record and those they may act for; when that is one record it
 * is chosen without asking.
 * Form contract: field `patient` = the patient id.
 */
import type { Request } from 'express';
import type { SandboxContext } from '../../context.js';
import { patientsUserMayOpen } from '../people/acts-for.js';
import { searchPatients } from '../people/patient-search.js';
import type { Interaction } from './types.js';

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export function patientPageData(ctx: SandboxContext, req: Request, i: Interaction): Record<string, unknown> {
  const query = { q: text(req.query.q), birthdate: text(req.query.birthdate), mrn: text(req.query.mrn), page: Number(req.query.page ?? 1) };
  const allowed = i.user ? patientsUserMayOpen(ctx.store, ctx.proxies, i.user, ctx.options.ownPatientsOnly) : undefined;
  return { ...query, restricted: allowed !== undefined, results: searchPatients(ctx.store, query, allowed, new Date(ctx.clock.now())) };
}

/** Picks the patient without a page when the user may act for exactly one. */
export function choosePatientAutomatically(ctx: SandboxContext, i: Interaction): boolean {
  const allowed = i.user ? patientsUserMayOpen(ctx.store, ctx.proxies, i.user, ctx.options.ownPatientsOnly) : undefined;
  if (!allowed || allowed.size !== 1) return false;
  i.context.patient = [...allowed][0]!;
  ctx.events.emit({ type: 'auth.patient-selected', clientId: i.client.clientId, patient: i.context.patient, automatic: true });
  return true;
}

export function submitPatient(ctx: SandboxContext, i: Interaction, body: Record<string, unknown>): string | undefined {
  const id = text(body.patient);
  const allowed = i.user ? patientsUserMayOpen(ctx.store, ctx.proxies, i.user, ctx.options.ownPatientsOnly) : undefined;
  if (!id || !ctx.store.peek('Patient', id) || (allowed && !allowed.has(id))) return 'Choose a patient from the list.';
  i.context.patient = id;
  ctx.events.emit({ type: 'auth.patient-selected', clientId: i.client.clientId, patient: id, automatic: false });
  return undefined;
}
