/**
 * Forward chains (R4 search.html 3.1.1.4.13 "Chained parameters"): `subject:Patient.name=peter`,
 * `patient.identifier=http://hospital|123`, and several levels (`patient.organization.name=acme`).
 * The first link is a reference parameter, with an optional `:Type` modifier; the rest is
 * parsed as a parameter of each type the reference may point to, and a chain is refused
 * when no such type has it. Chains are resolved against the store before matching.
 */
import { badRequest } from '../../errors/operation-outcome.js';
import { R4_RESOURCE_TYPES } from '../resource-types.js';
import { findSearchParameter } from './definitions.js';
import { checkTypeModifier } from './reference.js';
import type { ChainTarget, Criterion } from './types.js';

type ParseParameter = (type: string, key: string, value: string, now: number) => Criterion | undefined | 'unknown';

const TYPE_MODIFIER = /^[A-Z][A-Za-z]+$/;

export function parseChain(type: string, key: string, value: string, now: number, parseParameter: ParseParameter): Criterion | undefined {
  const dot = key.indexOf('.');
  const link = key.slice(0, dot);
  const rest = key.slice(dot + 1);
  const colon = link.indexOf(':');
  const name = colon < 0 ? link : link.slice(0, colon);
  const typeModifier = colon < 0 ? undefined : link.slice(colon + 1);
  const def = findSearchParameter(type, name);
  if (!def) throw badRequest(`Invalid chained parameter '${key}': '${name}' is not a search parameter of ${type}`);
  if (def.kind !== 'reference') {
    throw badRequest(`Invalid chained parameter '${key}': '${name}' is a ${def.kind} parameter, only reference parameters can be chained`);
  }
  if (rest === '') throw badRequest(`Invalid chained parameter '${key}': nothing follows the '.'`);
  if (typeModifier !== undefined) {
    if (!TYPE_MODIFIER.test(typeModifier)) throw badRequest(`Invalid chained parameter '${key}': ':${typeModifier}' is not a resource type`);
    checkTypeModifier(def, typeModifier);
  }
  const types = typeModifier !== undefined ? [typeModifier] : (def.targets ?? [...R4_RESOURCE_TYPES]);
  const targets: ChainTarget[] = [];
  let refusal: unknown;
  for (const target of types) {
    let criterion: ReturnType<ParseParameter>;
    try {
      criterion = parseParameter(target, rest, value, now);
    } catch (error) {
      // With several possible targets, one that cannot take the parameter is left out;
      // the chain fails only when none can.
      if (types.length === 1) throw error;
      refusal ??= error;
      continue;
    }
    if (criterion === undefined) return undefined;
    if (criterion !== 'unknown') targets.push({ type: target, criterion });
  }
  if (targets.length === 0 && refusal !== undefined) throw refusal;
  if (targets.length === 0) {
    throw badRequest(`Invalid chained parameter '${key}': '${rest.split(/[.:]/)[0]}' is not a search parameter of ${types.join(', ')}`);
  }
  return { kind: 'chain', name: key, definition: def, raw: value, targets };
}
