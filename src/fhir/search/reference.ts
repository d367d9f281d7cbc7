/**
 * Reference search (R4 search.html 3.1.1.4.11): `Type/id`, a bare `id` (any target type the
 * parameter allows), an absolute URL ending in `Type/id` (compared as `Type/id`, whatever
 * the base), or the `:Type` modifier with a bare id. References in resources may be
 * relative, absolute or versioned; they are compared on `Type/id` too. A parameter's
 * targets also restrict which references count (FHIRPath `where(resolve() is Patient)`).
 */
import { badRequest } from '../../errors/operation-outcome.js';
import { ID_PATTERN } from '../resource.js';
import { R4_RESOURCE_TYPES } from '../resource-types.js';
import { referenceTarget } from '../../store/references.js';
import { unescapeValue } from './escape.js';
import type { ReferenceValue, SearchParameterDefinition } from './types.js';

function checkTarget(def: SearchParameterDefinition, type: string, raw: string): void {
  if (!R4_RESOURCE_TYPES.has(type)) {
    throw badRequest(`Invalid reference '${raw}' for search parameter '${def.name}': '${type}' is not a resource type`);
  }
  if (def.targets && !def.targets.includes(type)) {
    throw badRequest(
      `Invalid reference '${raw}' for search parameter '${def.name}': it refers to ${def.targets.join(', ')}, not ${type}`,
    );
  }
}

/** Parses one reference value (still escaped); `typeModifier` is the `:Type` modifier. */
export function parseReferenceValue(raw: string, def: SearchParameterDefinition, typeModifier?: string): ReferenceValue {
  const value = unescapeValue(raw);
  const target = referenceTarget(value);
  if (typeModifier !== undefined) {
    if (target) {
      if (target.split('/')[0] !== typeModifier) {
        throw badRequest(`Invalid reference '${raw}' for search parameter '${def.name}:${typeModifier}'`);
      }
      return { type: typeModifier, id: target.split('/')[1]! };
    }
    if (!ID_PATTERN.test(value)) throw badRequest(`Invalid id '${raw}' for search parameter '${def.name}:${typeModifier}'`);
    return { type: typeModifier, id: value };
  }
  if (target) {
    const [type, id] = target.split('/') as [string, string];
    checkTarget(def, type, raw);
    return { type, id };
  }
  if (ID_PATTERN.test(value)) return { id: value };
  if (/^[a-z][a-z0-9+.-]*:/i.test(value)) return { url: value };
  throw badRequest(`Invalid reference '${raw}' for search parameter '${def.name}': expected Type/id, an id or a URL`);
}

/** Validates a `:Type` modifier against the parameter's targets. */
export function checkTypeModifier(def: SearchParameterDefinition, type: string): void {
  checkTarget(def, type, `${def.name}:${type}`);
}

interface ElementReference {
  type?: string;
  id?: string;
  raw: string;
}

/** The references an element makes (a Reference, or a canonical/uri string). */
function elementReference(element: unknown): ElementReference | undefined {
  const raw =
    typeof element === 'string'
      ? element
      : element !== null && typeof element === 'object'
        ? (element as { reference?: unknown }).reference
        : undefined;
  if (typeof raw !== 'string') return undefined;
  const target = referenceTarget(raw);
  if (!target) return { raw };
  const [type, id] = target.split('/') as [string, string];
  return { type, id, raw };
}

/** The `Type/id` keys the elements refer to, limited to the parameter's targets. */
export function referenceKeys(def: SearchParameterDefinition, elements: readonly unknown[]): string[] {
  const keys: string[] = [];
  for (const e of elements) {
    const ref = elementReference(e);
    if (ref?.type !== undefined && (!def.targets || def.targets.includes(ref.type))) keys.push(`${ref.type}/${ref.id}`);
  }
  return keys;
}

/** True when any element refers to one of the values; `selfKey` also counts when given. */
export function matchReference(
  def: SearchParameterDefinition,
  values: readonly ReferenceValue[],
  elements: readonly unknown[],
  selfKey?: string,
): boolean {
  const refs = elements.map(elementReference).filter((r): r is ElementReference => r !== undefined);
  const allowed = (type: string | undefined): boolean => type !== undefined && (!def.targets || def.targets.includes(type));
  return values.some((v) => {
    if (v.url !== undefined) return refs.some((r) => r.raw === v.url);
    if (v.type !== undefined) {
      const key = `${v.type}/${v.id}`;
      return key === selfKey || refs.some((r) => r.type === v.type && r.id === v.id && allowed(r.type));
    }
    return refs.some((r) => r.id === v.id && allowed(r.type));
  });
}

/**
 * The `Type/id` keys a value can match, for the store's reference index; undefined when
 * it cannot be looked up (a URL). A bare id expands to every allowed target type.
 */
export function candidateKeys(
  def: SearchParameterDefinition,
  value: ReferenceValue,
  allTypes: () => readonly string[],
): string[] | undefined {
  if (value.url !== undefined || value.id === undefined) return undefined;
  if (value.type !== undefined) return [`${value.type}/${value.id}`];
  return (def.targets ?? allTypes()).map((t) => `${t}/${value.id}`);
}
