/** Small builders for FHIR data types, so resource modules read like the resources. */
import type { Code } from './codes/types.js';
import { SYSTEMS } from './codes/types.js';

/** FHIR Coding. */
export interface Coding {
  system: string;
  code: string;
  display: string;
}

/** FHIR CodeableConcept. */
export interface CodeableConcept {
  coding: Coding[];
  text?: string;
}

/** FHIR Reference (relative). */
export interface Reference {
  reference: string;
  display?: string;
}

/** FHIR Quantity with a UCUM code. */
export interface Quantity {
  value: number;
  unit: string;
  system: string;
  code: string;
}

/** A Coding from a table Code (a fresh object each time). */
export function coding(c: Code): Coding {
  return { system: c.system, code: c.code, display: c.display };
}

/** A CodeableConcept of one or more codes; `text` defaults to the first display. */
export function concept(codes: Code | readonly Code[], text?: string): CodeableConcept {
  const list = Array.isArray(codes) ? (codes as readonly Code[]) : [codes as Code];
  const first = list[0];
  return { coding: list.map(coding), text: text ?? first?.display ?? '' };
}

/** A CodeableConcept without text (categories, classes and the like). */
export function plainConcept(c: Code): { coding: Coding[] } {
  return { coding: [coding(c)] };
}

/**
 * `Type/id` as one flat string. A template literal or `+` would make a rope in V8 (a 32-byte
 * node over the pieces, and a copy of `Type/` per reference); `join` writes one flat string.
 */
export function referenceTo(type: string, id: string): string {
  return [type, id].join('/');
}

/** A relative reference `Type/id`. */
export function ref(type: string, id: string, display?: string): Reference {
  return display === undefined ? { reference: referenceTo(type, id) } : { reference: referenceTo(type, id), display };
}

/** A UCUM quantity; `unit` is the human unit, `ucum` the UCUM code. */
export function quantity(value: number, ucum: string, unit: string = ucum): Quantity {
  return { value, unit, system: SYSTEMS.ucum, code: ucum };
}

/** Rounds to `digits` decimals (0 for whole numbers). */
export function round(value: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** The US Core profile URL for a profile name, e.g. `us-core-patient`. */
export function usCore(profile: string): string {
  return `http://hl7.org/fhir/us/core/StructureDefinition/${profile}`;
}

/** A resource's `meta`: a lastUpdated instant and a shared profile list (see `profileList`). */
export function profileMeta(profile: readonly string[], lastUpdated: string): { lastUpdated: string; profile: readonly string[] } {
  return { lastUpdated, profile };
}

/**
 * Freezes a value and everything in it. Constant parts of resources (codes, categories,
 * profiles, references to the patient or the visit) are built once and shared between
 * resources; freezing makes an accidental change fail loudly instead of changing them all.
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** A frozen CodeableConcept, to be shared. */
export function sharedConcept(codes: Code | readonly Code[], text?: string): Readonly<CodeableConcept> {
  return deepFreeze(concept(codes, text));
}

/** A frozen one-element profile list, to be shared by every resource of a profile. */
export function profileList(profile: string): readonly string[] {
  return Object.freeze([usCore(profile)]);
}
