/** Helpers for the search tests over HTTP. */
import assert from 'node:assert/strict';
import type { Response } from 'supertest';

export type Entry = { resource: Record<string, unknown> & { resourceType: string; id: string }; search: { mode: string } };
export type Bundle = { total?: number; entry?: Entry[]; link: { relation: string; url: string }[] };

/** `Type/id` of the matches, in order. */
export function matchKeys(res: Response): string[] {
  const bundle = res.body as Bundle;
  return (bundle.entry ?? []).filter((e) => e.search.mode === 'match').map((e) => `${e.resource.resourceType}/${e.resource.id}`);
}

/** Asserts a 400 OperationOutcome whose diagnostics contain every fragment. */
export function assertBadRequest(res: Response, ...fragments: string[]): void {
  assert.equal(res.status, 400, JSON.stringify(res.body));
  assert.equal(res.body.resourceType, 'OperationOutcome');
  const text = JSON.stringify(res.body.issue);
  for (const f of fragments) assert.ok(text.includes(f), `expected '${f}' in ${text}`);
}
