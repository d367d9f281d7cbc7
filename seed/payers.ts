/**
 * Shared resources beyond the care setting: the payers patients are covered by (US Core
 * Organization, type "Payer") and each practitioner's Direct messaging Endpoint.
 */
import type { Resource } from '../src/fhir/resource.js';
import { ORGANIZATION_TYPE_PAYER, ENDPOINT_CONNECTION, ENDPOINT_PAYLOAD } from './codes/us-core.js';
import { concept, deepFreeze, profileList, profileMeta, ref } from './fhir.js';
import type { PayerKey } from './model.js';

const PROFILE_ORGANIZATION = profileList('us-core-organization');

/** The system of the facility's own location identifiers. */
export const LOCATION_ID_SYSTEM = 'http://mock-ehr.example.org/fhir/sid/location';

/** The system of payer identifiers (the payer id claims are sent to). */
export const PAYER_ID_SYSTEM = 'http://mock-ehr.example.org/fhir/sid/payer-id';

const PAYERS: readonly { key: PayerKey; id: string; name: (state: string) => string; payerId: string }[] = [
  { key: 'medicare', id: 'org-payer-medicare', name: () => 'Medicare', payerId: '00431' },
  { key: 'medicaid', id: 'org-payer-medicaid', name: (state) => `${state} Medicaid`, payerId: '00721' },
  { key: 'private', id: 'org-payer-private', name: () => 'Evergreen Mutual Health Plan', payerId: '62308' },
];

/** Shared references to the payers, by kind. */
export function payerRefs(): Record<PayerKey, Readonly<Reference>> {
  return Object.fromEntries(PAYERS.map((p) => [p.key, deepFreeze(ref('Organization', p.id))])) as Record<PayerKey, Readonly<Reference>>;
}

type Reference = ReturnType<typeof ref>;

/** The payer Organizations. */
export function payerOrganizations(state: string, city: string, postalCode: string, lastUpdated: string): Resource[] {
  return PAYERS.map((p, i) => ({
    resourceType: 'Organization',
    id: p.id,
    meta: profileMeta(PROFILE_ORGANIZATION, lastUpdated),
    identifier: [{ system: PAYER_ID_SYSTEM, value: p.payerId }],
    active: true,
    type: [concept(ORGANIZATION_TYPE_PAYER)],
    name: p.name(state),
    address: [
      p.key === 'medicare'
        ? { use: 'work', line: ['7500 Security Boulevard'], city: 'Baltimore', state: 'MD', postalCode: '21244', country: 'US' }
        : { use: 'work', line: [`PO Box ${30_550 + i * 1_207}`], city, state, postalCode, country: 'US' },
    ],
  }));
}

/** The id of practitioner `index`'s Endpoint. */
export function endpointId(index: number): string {
  return `endpoint-${String(index + 1).padStart(2, '0')}`;
}

/** A Direct (secure messaging) Endpoint of a practitioner at the organization. */
export function directEndpoint(id: string, localPart: string, domain: string, orgName: string, lastUpdated: string): Resource {
  return {
    resourceType: 'Endpoint',
    id,
    meta: { lastUpdated },
    status: 'active',
    connectionType: { ...ENDPOINT_CONNECTION },
    name: `Direct address at ${orgName}`,
    payloadType: [concept(ENDPOINT_PAYLOAD)],
    address: `mailto:${localPart.toLowerCase().replace(/[^a-z0-9.]/g, '')}@direct.${domain}`,
  };
}
