/** Small hand-made resources for FHIR API tests. */
import type { Resource } from '../../src/fhir/resource.js';

export function patient(family: string, extra: Record<string, unknown> = {}): Resource {
  return {
    resourceType: 'Patient',
    name: [{ family, given: ['Test'] }],
    gender: 'female',
    birthDate: '1980-05-17',
    ...extra,
  };
}

export function observation(patientId: string, code = '8867-4', value = 72): Resource {
  return {
    resourceType: 'Observation',
    status: 'final',
    category: [
      { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] },
    ],
    code: { coding: [{ system: 'http://loinc.org', code, display: 'Heart rate' }] },
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: '2024-03-01T10:00:00Z',
    valueQuantity: { value, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
  };
}

/** True when a response body shows anything like a stack trace or internal path. */
export function leaksInternals(text: string): boolean {
  return /\bat [\w.<>]+ \(|node_modules|\/src\/|\.ts:\d+/.test(text);
}
