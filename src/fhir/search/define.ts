/**
 * Small builders for the search parameter tables, so each row reads as
 * `kind(name, paths, description)`. The type is filled in by `forType`.
 */
import type { CompositeComponent, SearchParameterDefinition, SearchParamKind } from './types.js';

export type Row = Omit<SearchParameterDefinition, 'type'>;

const row = (kind: SearchParamKind, name: string, paths: string[], description: string): Row => ({
  name,
  kind,
  paths,
  description,
});

export const token = (name: string, paths: string[], description: string): Row => row('token', name, paths, description);
export const string = (name: string, paths: string[], description: string): Row => row('string', name, paths, description);
export const date = (name: string, paths: string[], description: string): Row => row('date', name, paths, description);
export const quantity = (name: string, paths: string[], description: string): Row =>
  row('quantity', name, paths, description);
export const uri = (name: string, paths: string[], description: string): Row => row('uri', name, paths, description);

/** A reference parameter; `targets` undefined means any resource type. */
export const reference = (
  name: string,
  paths: string[],
  targets: string[] | undefined,
  description: string,
): Row => (targets ? { ...row('reference', name, paths, description), targets } : row('reference', name, paths, description));

/**
 * A composite parameter (R4 search.html 3.1.1.4.8): `base` paths (`$this` is the resource),
 * and the component kinds and paths relative to each base element.
 */
export const composite = (name: string, base: string[], components: CompositeComponent[], description: string): Row => ({
  ...row('composite', name, base, description),
  components,
});

/** Rows of one resource type, frozen (the table never changes). */
export function forType(type: string, rows: Row[]): readonly SearchParameterDefinition[] {
  return rows.map(({ paths, targets, ...r }) =>
    // Frozen arrays typed as the public (mutable) interface: nothing may change the table.
    Object.freeze({
      type,
      ...r,
      paths: Object.freeze([...paths]) as string[],
      ...(targets ? { targets: Object.freeze([...targets]) as string[] } : {}),
    }),
  );
}

/** `address`, `address-city`, ... over an Address element (R4 Patient, Practitioner, ...). */
export function addressRows(element = 'address'): Row[] {
  return [
    string('address', [element], 'Any part of an address (line, city, district, state, country, postal code, text)'),
    string('address-city', [`${element}.city`], 'A city specified in an address'),
    string('address-country', [`${element}.country`], 'A country specified in an address'),
    string('address-postalcode', [`${element}.postalCode`], 'A postal code specified in an address'),
    string('address-state', [`${element}.state`], 'A state specified in an address'),
    token('address-use', [`${element}.use`], 'A use code specified in an address'),
  ];
}

/** `email`, `phone`, `telecom` over ContactPoint elements. */
export function telecomRows(element = 'telecom'): Row[] {
  return [
    token('email', [`${element}[system=email]`], 'A value in an email contact'),
    token('phone', [`${element}[system=phone]`], 'A value in a phone contact'),
    token('telecom', [element], 'The value in any kind of telecom details'),
  ];
}

/** `name`, `family`, `given` over HumanName elements. */
export function nameRows(element = 'name'): Row[] {
  return [
    string('name', [element], 'Any part of a name (family, given, prefix, suffix, text)'),
    string('family', [`${element}.family`], 'A portion of the family name'),
    string('given', [`${element}.given`], 'A portion of the given name'),
  ];
}
