/**
 * The care setting every chart shares: one organization, its locations, its practitioners
 * (with NPI identifiers) and their roles.
 */
import type { Resource } from '../src/fhir/resource.js';
import { LOCATION_TYPE, ORGANIZATION_TYPE } from './codes/hl7.js';
import { PROVIDER_TAXONOMY } from './codes/demographics.js';
import { SYSTEMS, type Code } from './codes/types.js';
import { fhirDateTime } from './dates.js';
import { concept, deepFreeze, profileList, profileMeta, ref } from './fhir.js';
import { practitionerId, practitionerRoleId } from './ids.js';
import type { Facility, LocationKey, PractitionerInfo, PractitionerKind, Sex } from './model.js';
import { formularyMedications } from './formulary.js';
import { npi } from './npi.js';
import { directEndpoint, endpointId, LOCATION_ID_SYSTEM, payerOrganizations, payerRefs } from './payers.js';
import type { RandomSource } from './random.js';

const PROFILE_LOCATION = profileList('us-core-location');
const PROFILE_ORGANIZATION = profileList('us-core-organization');
const PROFILE_PRACTITIONER = profileList('us-core-practitioner');
const PROFILE_PRACTITIONERROLE = profileList('us-core-practitionerrole');

interface RosterEntry {
  kind: PractitionerKind;
  taxonomy: Code;
  suffix: 'MD' | 'DO' | 'NP';
  location: LocationKey;
}

/** Who works here: family and internal medicine, pediatrics, emergency, a hospitalist, an NP. */
const ROSTER: readonly RosterEntry[] = [
  { kind: 'family', taxonomy: PROVIDER_TAXONOMY.familyMedicine, suffix: 'MD', location: 'clinic' },
  { kind: 'family', taxonomy: PROVIDER_TAXONOMY.familyMedicine, suffix: 'DO', location: 'clinic' },
  { kind: 'internal', taxonomy: PROVIDER_TAXONOMY.internalMedicine, suffix: 'MD', location: 'clinic' },
  { kind: 'pediatrics', taxonomy: PROVIDER_TAXONOMY.pediatrics, suffix: 'MD', location: 'pediatrics' },
  { kind: 'family', taxonomy: PROVIDER_TAXONOMY.familyMedicine, suffix: 'MD', location: 'clinic' },
  { kind: 'emergency', taxonomy: PROVIDER_TAXONOMY.emergencyMedicine, suffix: 'MD', location: 'emergency' },
  { kind: 'hospitalist', taxonomy: PROVIDER_TAXONOMY.hospitalist, suffix: 'MD', location: 'hospital' },
  { kind: 'pediatrics', taxonomy: PROVIDER_TAXONOMY.pediatrics, suffix: 'DO', location: 'pediatrics' },
  { kind: 'internal', taxonomy: PROVIDER_TAXONOMY.internalMedicine, suffix: 'MD', location: 'clinic' },
  { kind: 'emergency', taxonomy: PROVIDER_TAXONOMY.emergencyMedicine, suffix: 'DO', location: 'emergency' },
  { kind: 'nursePractitioner', taxonomy: PROVIDER_TAXONOMY.nursePractitioner, suffix: 'NP', location: 'clinic' },
  { kind: 'hospitalist', taxonomy: PROVIDER_TAXONOMY.hospitalist, suffix: 'MD', location: 'hospital' },
];

const LOCATIONS: readonly { key: LocationKey; id: string; name: string; type: Code }[] = [
  { key: 'clinic', id: 'loc-clinic', name: 'Family Medicine Clinic', type: LOCATION_TYPE.familyMedicine },
  { key: 'pediatrics', id: 'loc-pediatrics', name: 'Pediatrics Clinic', type: LOCATION_TYPE.pediatrics },
  { key: 'emergency', id: 'loc-emergency', name: 'Emergency Department', type: LOCATION_TYPE.emergency },
  { key: 'hospital', id: 'loc-hospital', name: 'Medical-Surgical Inpatient Unit', type: LOCATION_TYPE.hospitalUnit },
];

/** US states the organization may be in (with valid ZIP prefixes in faker's en_US data). */
const STATES = ['MA', 'OH', 'MN', 'OR', 'NC', 'CO', 'WI', 'VA'] as const;

const ORGANIZATION_ID = 'org-1';

/** The shared resources and what charts need to know of them. */
export interface FacilityResult {
  facility: Facility;
  resources: Resource[];
}

/** A nine-digit NPI base starting with 1 or 2, unique per position (offset by the seed). */
function npiBase(index: number, offset: number): string {
  return String(100_000_000 + ((index * 7_919 + offset) % 199_999_999));
}

/** The organization, its locations, practitioners and practitioner roles. */
export function generateFacility({ faker, rng }: RandomSource, lastUpdated: number): FacilityResult {
  const stamp = fhirDateTime(lastUpdated);
  const state = rng.pick(STATES);
  const city = faker.location.city();
  const orgName = `${city} Community Health`;
  const zip = faker.location.zipCode({ state });
  const street = faker.location.streetAddress();
  // Every resource of the facility repeats the address (its `line` list shared): frozen.
  const address = deepFreeze({ line: [street], city, state, postalCode: zip, country: 'US' });
  const phone = faker.phone.number({ style: 'national' });
  const npiOffset = rng.int(0, 800_000_000);
  const domain = `${city.toLowerCase().replace(/[^a-z]/g, '')}health.example.org`;

  const organization: Resource = {
    resourceType: 'Organization',
    id: ORGANIZATION_ID,
    meta: profileMeta(PROFILE_ORGANIZATION, stamp),
    identifier: [{ system: SYSTEMS.npi, value: npi(npiBase(0, npiOffset)) }],
    active: true,
    type: [concept(ORGANIZATION_TYPE.provider)],
    name: orgName,
    telecom: [{ system: 'phone', value: phone, use: 'work' }],
    address: [{ use: 'work', ...address }],
  };

  const locations = LOCATIONS.map(
    (l): Resource => ({
      resourceType: 'Location',
      id: l.id,
      meta: profileMeta(PROFILE_LOCATION, stamp),
      identifier: [{ system: LOCATION_ID_SYSTEM, value: l.id }],
      status: 'active',
      name: l.name,
      mode: 'instance',
      type: [concept(l.type)],
      telecom: [{ system: 'phone', value: phone, use: 'work' }],
      address: { use: 'work', ...address },
      managingOrganization: ref('Organization', ORGANIZATION_ID, orgName),
    }),
  );

  const practitioners: PractitionerInfo[] = [];
  const practitionerResources: Resource[] = [];
  const roleResources: Resource[] = [];
  const endpointResources: Resource[] = [];
  ROSTER.forEach((entry, i) => {
    const sex: Sex = rng.chance(0.5) ? 'female' : 'male';
    const given = faker.person.firstName(sex);
    const family = faker.person.lastName();
    const id = practitionerId(i);
    const roleId = practitionerRoleId(i);
    const physician = entry.suffix !== 'NP';
    const name = `${physician ? 'Dr. ' : ''}${given} ${family}${physician ? '' : ', NP'}`;
    const location = LOCATIONS.find((l) => l.key === entry.location) ?? LOCATIONS[0];
    const practitionerRef = deepFreeze(ref('Practitioner', id, name));
    practitioners.push({ id, roleId, name, kind: entry.kind, ref: practitionerRef, refs: Object.freeze([practitionerRef]) });
    practitionerResources.push({
      resourceType: 'Practitioner',
      id,
      meta: profileMeta(PROFILE_PRACTITIONER, stamp),
      identifier: [{ system: SYSTEMS.npi, value: npi(npiBase(i + 1, npiOffset)) }],
      active: true,
      name: [{ use: 'official', family, given: [given], ...(physician ? { prefix: ['Dr.'] } : {}), suffix: [entry.suffix] }],
      telecom: [
        { system: 'phone', value: phone, use: 'work' },
        { system: 'email', value: `${given}.${family}@${domain}`.toLowerCase().replace(/[^a-z0-9.@-]/g, ''), use: 'work' },
      ],
      address: [{ use: 'work', ...address }],
      gender: sex,
    });
    roleResources.push({
      resourceType: 'PractitionerRole',
      id: roleId,
      meta: profileMeta(PROFILE_PRACTITIONERROLE, stamp),
      active: true,
      practitioner: ref('Practitioner', id, name),
      organization: ref('Organization', ORGANIZATION_ID, orgName),
      code: [concept(entry.taxonomy)],
      specialty: [concept(entry.taxonomy)],
      location: location ? [ref('Location', location.id, location.name)] : [],
      telecom: [{ system: 'phone', value: phone, use: 'work' }],
      endpoint: [ref('Endpoint', endpointId(i))],
    });
    endpointResources.push(directEndpoint(endpointId(i), `${given}.${family}`, domain, orgName, stamp));
  });

  const byKey = Object.fromEntries(
    LOCATIONS.map((l) => [l.key, { id: l.id, name: l.name, ref: deepFreeze(ref('Location', l.id, l.name)) }]),
  ) as Facility['locations'];
  const organizationRef = deepFreeze(ref('Organization', ORGANIZATION_ID, orgName));
  const towns = [{ city, postalCode: zip }];
  for (let i = 0; i < 5; i++) towns.push({ city: faker.location.city(), postalCode: faker.location.zipCode({ state }) });
  const streets = faker.rawDefinitions.location?.street_name ?? ['Main Street'];
  return {
    facility: { organization: { id: ORGANIZATION_ID, name: orgName }, organizationRef, locations: byKey, practitioners, state, towns, streets, payers: payerRefs() },
    resources: [organization, ...locations, ...practitionerResources, ...roleResources, ...endpointResources, ...payerOrganizations(state, city, zip, stamp), ...formularyMedications(stamp)],
  };
}
