/**
 * Shared by the hostile-input tests: a started sandbox with the small fixture chart, FHIR
 * requests over real HTTP, and a fingerprint of everything the store holds, so that each
 * test can show a refused request changed nothing.
 */
import { createHash } from 'node:crypto';
import type { Sandbox } from '../../src/index.js';
import type { TestSandbox } from '../helpers/sandbox.js';

export const FHIR_JSON = { 'content-type': 'application/fhir+json' };
export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

export interface Reply {
  status: number;
  body: Record<string, unknown>;
  text: string;
  headers: Headers;
}

/** A FHIR request with an optional Bearer token; the reply's body parsed when it is JSON. */
export async function fhir(t: TestSandbox, path: string, token?: string, init: RequestInit = {}): Promise<Reply> {
  const res = await fetch(`${t.fhirBase}${path}`, {
    ...init,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers as Record<string, string> | undefined) },
  });
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    body = {};
  }
  return { status: res.status, body, text, headers: res.headers };
}

/** Every version of every resource, hashed: equal before and after means nothing was written. */
export function storeFingerprint(sb: Sandbox): string {
  return createHash('sha256').update(JSON.stringify(sb.store.typeHistory())).digest('hex');
}

/** The diagnostics of an OperationOutcome reply, joined. */
export function diagnostics(reply: Reply): string {
  const issues = (reply.body.issue as { diagnostics?: string }[] | undefined) ?? [];
  return issues.map((i) => i.diagnostics ?? '').join(' ');
}

export type SearchBundle = { total?: number; entry?: { resource: { resourceType: string; id: string }; search?: { mode: string } }[] };

/** `Type/id` of the matches of a searchset (outcome entries left out). */
export function matchIds(body: Record<string, unknown>): string[] {
  return ((body as SearchBundle).entry ?? []).filter((e) => e.search?.mode !== 'outcome').map((e) => `${e.resource.resourceType}/${e.resource.id}`);
}
