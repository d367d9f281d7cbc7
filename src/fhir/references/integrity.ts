/**
 * Referential integrity on write (as HAPI FHIR enforces it by default): a literal reference
 * to this server must name a resource that exists, and no `urn:` or conditional reference
 * may be left once a write is stored (outside a transaction nothing resolves them; R4
 * http.html#trules). Absolute URLs of other servers and contained (`#id`) references are
 * not checked. The `referentialIntegrity: false` option turns the check off.
 */
import { badRequest } from '../../errors/operation-outcome.js';
import type { ResourceStore } from '../../store/resource-store.js';
import { R4_RESOURCE_TYPES } from '../resource-types.js';
import { conditionalReference } from './conditional.js';
import { eachReference } from './walk.js';

const LITERAL = /^([A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

/** What is wrong with each reference of `resource` that points nowhere; empty when all resolve. */
export function danglingReferences(store: ResourceStore, resource: { resourceType: string; id?: string }, base: string): string[] {
  const self = resource.id ? `${resource.resourceType}/${resource.id}` : undefined;
  const problems: string[] = [];
  eachReference(resource, (holder) => {
    const reference = holder.reference as string;
    if (reference.startsWith('#')) return;
    if (reference.startsWith('urn:')) {
      problems.push(`reference ${reference} points at no entry of a transaction Bundle (urn: references are resolved only inside a transaction)`);
      return;
    }
    if (conditionalReference(reference)) {
      problems.push(`reference ${reference} is conditional: conditional references are resolved only inside a transaction`);
      return;
    }
    const local = reference.startsWith(`${base}/`) ? reference.slice(base.length + 1) : reference;
    const literal = LITERAL.exec(local);
    if (!literal) return; // an absolute URL elsewhere, or a logical form this server does not resolve
    const [, type, id] = literal as unknown as [string, string, string];
    if (!R4_RESOURCE_TYPES.has(type)) {
      problems.push(`reference ${reference}: '${type}' is not a FHIR R4 resource type`);
      return;
    }
    if (`${type}/${id}` === self || store.peek(type, id)) return;
    problems.push(
      store.isDeleted(type, id)
        ? `reference ${reference} points at a deleted resource`
        : `reference ${reference} points at no resource on this server`,
    );
  });
  return problems;
}

/** Throws 400 naming every dangling reference of `resource`. */
export function requireReferencesResolve(store: ResourceStore, resource: { resourceType: string; id?: string }, base: string): void {
  const problems = danglingReferences(store, resource, base);
  if (problems.length === 0) return;
  throw badRequest(
    `${resource.resourceType}${resource.id ? `/${resource.id}` : ''} was not stored: ${problems.join('; ')} (the referentialIntegrity option relaxes this check)`,
  );
}
