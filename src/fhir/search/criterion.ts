/**
 * One criterion: parsing `name[:modifier]=value[,value...]` against its definition, and
 * matching it on a resource (R4 search.html 3.1.1.4 parameter types, 3.1.1.5 modifiers).
 * A comma-separated list is an OR; a server SHALL reject modifiers it does not support.
 */
import { badRequest } from '../../errors/operation-outcome.js';
import type { Resource } from '../resource.js';
import { matchComposite, parseComposite } from './composite.js';
import { matchDate, parseDateValue } from './date.js';
import { splitEscaped, unescapeValue } from './escape.js';
import { matchNumber, parseNumberValue } from './number.js';
import { evaluatePaths } from './paths.js';
import { matchQuantity, parseQuantityValue } from './quantity.js';
import { checkTypeModifier, matchReference, parseReferenceValue } from './reference.js';
import { matchString, prepareString } from './string.js';
import { matchToken, matchTokenText, parseTokenValue } from './token.js';
import type { Criterion, NumberValue, SearchParameterDefinition } from './types.js';
import { matchUri } from './uri.js';

const TYPE_MODIFIER = /^[A-Z][A-Za-z]+$/;

function unsupported(name: string, modifier: string): never {
  throw badRequest(`Unsupported modifier ':${modifier}' on search parameter '${name}'`);
}

/** The mode a modifier selects ('' is no modifier). */
function pick<M extends string>(name: string, modifier: string | undefined, modes: Readonly<Record<string, M>>): M {
  const key = modifier ?? '';
  return Object.hasOwn(modes, key) ? modes[key]! : unsupported(name, key);
}

/**
 * Parses one criterion; undefined when the value is empty (the parameter is then ignored).
 * Throws 400 for an unsupported modifier or a malformed value.
 */
export function parseCriterion(
  def: SearchParameterDefinition,
  modifier: string | undefined,
  raw: string,
  now: number,
): Criterion | undefined {
  const name = def.name;
  const pieces = splitEscaped(raw, ',').filter((p) => p !== '');
  if (pieces.length === 0) return undefined;
  // Built by assignment: V8 makes an object literal that adds members after a spread slowly.
  const base: { name: string; definition: SearchParameterDefinition; raw: string; modifier?: string } = { name, definition: def, raw };
  if (modifier !== undefined) base.modifier = modifier;
  if (def.kind === 'composite') {
    const values = parseComposite(def, modifier, raw, (part, value) => parseCriterion(part, undefined, value, now));
    return Object.assign(base, { kind: 'composite' as const, values });
  }
  if (modifier === 'missing') {
    if (raw !== 'true' && raw !== 'false') throw badRequest(`Invalid value '${raw}' for '${name}:missing': expected true or false`);
    return Object.assign(base, { kind: 'missing' as const, missing: raw === 'true' });
  }
  switch (def.kind) {
    case 'token': {
      const mode = pick(name, modifier, { '': 'code', not: 'not', text: 'text' } as const);
      const values = pieces.map((p) => (mode === 'text' ? { code: unescapeValue(p) } : parseTokenValue(p)));
      return Object.assign(base, { kind: 'token' as const, mode, values });
    }
    case 'string': {
      const mode = pick(name, modifier, { '': 'start', exact: 'exact', contains: 'contains' } as const);
      return Object.assign(base, { kind: 'string' as const, mode, values: pieces.map((p) => prepareString(unescapeValue(p), mode)) });
    }
    case 'uri': {
      const mode = pick(name, modifier, { '': 'exact', below: 'below', above: 'above' } as const);
      return Object.assign(base, { kind: 'uri' as const, mode, values: pieces.map(unescapeValue) });
    }
    case 'reference': {
      if (modifier === 'identifier') {
        // `:identifier` (R4 search.html 3.1.1.5.5) matches Reference.identifier as a token.
        const identifiers = { ...def, kind: 'token' as const, paths: def.paths.map((p) => `${p}.identifier`) };
        return Object.assign(base, { definition: identifiers, kind: 'token' as const, mode: 'code' as const, values: pieces.map(parseTokenValue) });
      }
      if (modifier !== undefined) {
        if (!TYPE_MODIFIER.test(modifier)) unsupported(name, modifier);
        checkTypeModifier(def, modifier);
      }
      return Object.assign(base, { kind: 'reference' as const, values: pieces.map((p) => parseReferenceValue(p, def, modifier)) });
    }
    case 'date':
      if (modifier !== undefined) unsupported(name, modifier);
      return Object.assign(base, { kind: 'date' as const, values: pieces.map((p) => parseDateValue(p, name, now)) });
    case 'quantity':
      if (modifier !== undefined) unsupported(name, modifier);
      return Object.assign(base, { kind: 'quantity' as const, values: pieces.map((p) => parseQuantityValue(p, name)) });
    case 'number': {
      if (modifier !== undefined) unsupported(name, modifier);
      const values = pieces.map((p): NumberValue => {
        const v = parseNumberValue(p);
        if (!v) throw badRequest(`Invalid number '${p}' for search parameter '${name}'`);
        return v;
      });
      return Object.assign(base, { kind: 'number' as const, values });
    }
  }
}

/**
 * True when the resource satisfies the criterion. Chains and `_has` are resolved into
 * simple criteria before a search runs (resolve.ts); unresolved, they match nothing.
 */
export function matchCriterion(criterion: Criterion, resource: Readonly<Resource>): boolean {
  switch (criterion.kind) {
    case 'composite':
      return matchComposite(criterion.definition, criterion.values, resource, matchCriterion);
    case 'chain':
    case 'has':
      return false;
  }
  const elements = evaluatePaths(resource, criterion.definition.paths);
  switch (criterion.kind) {
    case 'missing':
      return criterion.missing === (elements.length === 0);
    case 'token':
      if (criterion.mode === 'text') return matchTokenText(criterion.values, elements);
      return matchToken(criterion.values, elements) === (criterion.mode === 'code');
    case 'string':
      return matchString(criterion.mode, criterion.values, elements);
    case 'uri':
      return matchUri(criterion.mode, criterion.values, elements);
    case 'reference':
      return matchReference(
        criterion.definition,
        criterion.values,
        elements,
        criterion.self ? `${resource.resourceType}/${resource.id}` : undefined,
      );
    case 'date':
      return criterion.values.some((v) => matchDate(v, elements));
    case 'quantity':
      return criterion.values.some((v) => matchQuantity(v, elements));
    case 'number':
      return criterion.values.some((v) => matchNumber(v, elements));
  }
}
