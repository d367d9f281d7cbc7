/**
 * Composite parameters (R4 search.html 3.1.1.4.8): `code-value-quantity=http://loinc.org|8480-6$gt140`
 * matches when one element satisfies every part: the components are matched together on the
 * same base element (the Observation itself, or one of its `component`s), never across two.
 * `$` separates the parts of a value (escaped as `\$`), `,` ORs whole values.
 */
import { badRequest } from '../../errors/operation-outcome.js';
import type { Resource } from '../resource.js';
import { splitEscaped } from './escape.js';
import { evaluatePath } from './paths.js';
import type { Criterion, SearchParameterDefinition } from './types.js';

type ParsePart = (def: SearchParameterDefinition, raw: string) => Criterion | undefined;

/** The definition of one component, as a simple parameter evaluated on a base element. */
function componentDefinition(def: SearchParameterDefinition, index: number): SearchParameterDefinition {
  const component = def.components![index]!;
  return { type: def.type, name: `${def.name}[${index + 1}]`, kind: component.kind, paths: component.paths, description: def.description };
}

/** Parses the OR values of a composite parameter; `parsePart` parses one component value. */
export function parseComposite(def: SearchParameterDefinition, modifier: string | undefined, raw: string, parsePart: ParsePart): Criterion[][] {
  if (modifier !== undefined) throw badRequest(`Unsupported modifier ':${modifier}' on composite search parameter '${def.name}'`);
  const components = def.components ?? [];
  return splitEscaped(raw, ',')
    .filter((v) => v !== '')
    .map((value) => {
      const parts = splitEscaped(value, '$');
      if (parts.length !== components.length) {
        throw badRequest(
          `Invalid value '${value}' for composite search parameter '${def.name}': expected ${components.length} parts separated by '$'`,
        );
      }
      return parts.map((part, i) => {
        const criterion = parsePart(componentDefinition(def, i), part);
        if (!criterion) throw badRequest(`Invalid value '${value}' for composite search parameter '${def.name}': part ${i + 1} is empty`);
        return criterion;
      });
    });
}

/** The base elements of a composite parameter in a resource (`$this` is the resource). */
function baseElements(def: SearchParameterDefinition, resource: Readonly<Resource>): unknown[] {
  return def.paths.flatMap((path) => (path === '$this' ? [resource] : evaluatePath(resource, path)));
}

/** True when some base element satisfies every part of some value. */
export function matchComposite(
  def: SearchParameterDefinition,
  values: readonly (readonly Criterion[])[],
  resource: Readonly<Resource>,
  matchPart: (criterion: Criterion, element: Readonly<Resource>) => boolean,
): boolean {
  const bases = baseElements(def, resource) as Readonly<Resource>[];
  return values.some((parts) => bases.some((base) => parts.every((part) => matchPart(part, base))));
}
