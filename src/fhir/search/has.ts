/**
 * Reverse chains (R4 search.html 3.1.1.4.14 "_has"): `Patient?_has:Observation:patient:code=1234-5`
 * selects the patients that some Observation refers to through its `patient` parameter,
 * where that Observation matches `code=1234-5`. The inner parameter may be any parameter of
 * the source type, a chain, or another `_has`. Resolved against the store before matching,
 * over the resources the request may see only.
 */
import { badRequest } from '../../errors/operation-outcome.js';
import { R4_RESOURCE_TYPES } from '../resource-types.js';
import { findSearchParameter } from './definitions.js';
import type { Criterion } from './types.js';

type ParseParameter = (type: string, key: string, value: string, now: number) => Criterion | undefined | 'unknown';

export function parseHas(type: string, key: string, value: string, now: number, parseParameter: ParseParameter): Criterion | undefined {
  const [, sourceType, refName, ...innerParts] = key.split(':');
  const innerKey = innerParts.join(':');
  const fail = (why: string): never => {
    throw badRequest(`Invalid '${key}': ${why} (expected _has:Type:reference:parameter)`);
  };
  if (!sourceType || !refName || !innerKey) fail('it has too few parts');
  if (!R4_RESOURCE_TYPES.has(sourceType!)) fail(`'${sourceType}' is not a resource type`);
  const reference = findSearchParameter(sourceType!, refName!);
  if (reference?.kind !== 'reference') fail(`'${refName}' is not a reference search parameter of ${sourceType}`);
  if (reference!.targets && !reference!.targets.includes(type)) fail(`${sourceType}:${refName} does not refer to ${type}`);
  const inner = parseParameter(sourceType!, innerKey, value, now);
  if (inner === undefined) return undefined;
  if (inner === 'unknown') return fail(`'${innerKey}' is not a search parameter of ${sourceType}`);
  return { kind: 'has', name: key, definition: findSearchParameter(type, '_id')!, raw: value, sourceType: sourceType!, reference: reference!, inner };
}
