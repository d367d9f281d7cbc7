/**
 * Patients and their related persons: who they are (age, sex, name, address, phone,
 * language, race and ethnicity, marital status) and the Patient and RelatedPerson resources.
 */
import type { Resource } from '../src/fhir/resource.js';
import { ETHNICITY, LANGUAGE, RACES } from './codes/demographics.js';
import { IDENTIFIER_TYPE, MARITAL_STATUS, RELATIONSHIP } from './codes/hl7.js';
import type { Code } from './codes/types.js';
import { DAY, startOfDay, YEAR } from './dates.js';
import { deepFreeze, profileList, profileMeta, ref } from './fhir.js';
import type { ChartContext, PractitionerInfo, Sex } from './model.js';
import { historyElements, type PatientHistory } from './patient-history.js';

const PROFILE_PATIENT = profileList('us-core-patient');
const PROFILE_RELATEDPERSON = profileList('us-core-relatedperson');

/** Ages in years, cycled by patient position so that even a few patients span every age. */
const AGE_PATTERN: readonly (readonly [number, number])[] = [
  [45, 60], [0, 0.08], [30, 45], [6, 12], [60, 75], [18, 30], [1, 3], [75, 90], [12, 18], [45, 60],
  [0.15, 1], [30, 45], [60, 75], [3, 6], [18, 30], [90, 101], [45, 60], [60, 75], [6, 12], [30, 45],
];

/** The system of the medical record numbers this EHR assigns. */
export const MRN_SYSTEM = 'http://mock-ehr.example.org/fhir/sid/mrn';

/** A home address. */
export interface Address {
  use: 'home';
  line: string[];
  city: string;
  state: string;
  postalCode: string;
  country: 'US';
}

/** Who a patient is. */
export interface Demographics {
  index: number;
  id: string;
  sex: Sex;
  /** Birth, ms (00:00 UTC of the birth date). */
  birth: number;
  given: string[];
  family: string;
  /** "Given Family", for reference displays. */
  displayName: string;
  address: Address;
  phone: string;
  email: string | undefined;
  race: Code;
  hispanic: boolean;
  language: Code;
  marital: Code | undefined;
  gp: PractitionerInfo;
  mrn: string;
  /** A parent for a minor. */
  parent: { id: string; sex: Sex; given: string; family: string; birth: number; phone: string } | undefined;
}

function maritalStatus(ctx: ChartContext, age: number): Code | undefined {
  if (age < 18) return undefined;
  if (age < 25) return ctx.rng.chance(0.85) ? MARITAL_STATUS.neverMarried : MARITAL_STATUS.married;
  const widowed = age > 70 ? 0.3 : age > 55 ? 0.08 : 0.01;
  return ctx.rng.weighted([
    [MARITAL_STATUS.married, 0.55],
    [MARITAL_STATUS.neverMarried, age < 40 ? 0.35 : 0.12],
    [MARITAL_STATUS.divorced, 0.12],
    [MARITAL_STATUS.widowed, widowed],
  ]);
}

function language(ctx: ChartContext, hispanic: boolean, race: Code): Code {
  if (hispanic && ctx.rng.chance(0.35)) return LANGUAGE.spanish;
  if (race.code === '2028-9') {
    const r = ctx.rng.next();
    if (r < 0.15) return LANGUAGE.chinese;
    if (r < 0.25) return LANGUAGE.vietnamese;
  }
  return LANGUAGE.english;
}

/** Picks the general practitioner: a pediatrician for a child, family or internal medicine otherwise. */
function generalPractitioner(ctx: ChartContext, age: number): PractitionerInfo {
  const kinds = age < 18 ? ['pediatrics'] : ['family', 'internal'];
  const candidates = ctx.facility.practitioners.filter((p) => kinds.includes(p.kind));
  return ctx.rng.pick(candidates);
}

/** Who the patient at `index` is. */
export function createDemographics(ctx: ChartContext, index: number, id: string, relatedPersonId: string): Demographics {
  const { rng, faker } = ctx;
  const band = AGE_PATTERN[index % AGE_PATTERN.length] ?? [30, 45];
  const age = rng.float(band[0], band[1]);
  const birth = startOfDay(ctx.now - age * YEAR - DAY);
  const sex: Sex = rng.chance(0.5) ? 'female' : 'male';
  const race = rng.weighted(RACES);
  const hispanic = rng.chance(0.18);
  const family = faker.person.lastName();
  const first = faker.person.firstName(sex);
  const given = rng.chance(0.6) ? [first, faker.person.firstName(sex)] : [first];
  // Most patients live in the organization's town, the others in the towns around it.
  const town = rng.chance(0.6) ? ctx.facility.towns[0] : rng.pick(ctx.facility.towns);
  const address: Address = {
    use: 'home',
    line: [`${rng.int(2, 9899)} ${rng.pick(ctx.facility.streets)}`],
    city: town?.city ?? '',
    state: ctx.facility.state,
    postalCode: town?.postalCode ?? '',
    country: 'US',
  };
  const phone = faker.phone.number({ style: 'national' });
  const email = age >= 16 ? faker.internet.email({ firstName: first, lastName: family, provider: 'example.com' }).toLowerCase() : undefined;
  let parent: Demographics['parent'];
  if (age < 18) {
    const parentSex: Sex = rng.chance(0.7) ? 'female' : 'male';
    parent = {
      id: relatedPersonId,
      sex: parentSex,
      given: faker.person.firstName(parentSex),
      family,
      birth: startOfDay(birth - rng.float(20, 42) * YEAR),
      phone,
    };
  }
  return {
    index,
    id,
    sex,
    birth,
    // Shared by the Patient, its earlier name and the parent's RelatedPerson: frozen.
    given: deepFreeze(given),
    family,
    displayName: `${given.join(' ')} ${family}`,
    address: deepFreeze(address),
    phone,
    email,
    race,
    hispanic,
    language: language(ctx, hispanic, race),
    marital: maritalStatus(ctx, age),
    gp: generalPractitioner(ctx, age),
    mrn: String(1_000_000 + ((index * 7_919 + 104_729) % 9_000_000)),
    parent,
  };
}

const RACE_URL = 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-race';
const ETHNICITY_URL = 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-ethnicity';
const BIRTH_SEX_URL = 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex';
const BIRTH_SEX = deepFreeze({ female: { url: BIRTH_SEX_URL, valueCode: 'F' }, male: { url: BIRTH_SEX_URL, valueCode: 'M' } });

/** The US Core race, ethnicity and birth sex extensions. */
function extensions(ctx: ChartContext, d: Demographics): unknown[] {
  const ethnicity = d.hispanic ? ETHNICITY.hispanic : ETHNICITY.notHispanic;
  const { shared } = ctx;
  return [
    shared.memo('race-extension', d.race, () => ({
      url: RACE_URL,
      extension: [
        { url: 'ombCategory', valueCoding: shared.coding(d.race) },
        { url: 'text', valueString: d.race.display },
      ],
    })),
    shared.memo('ethnicity-extension', ethnicity, () => ({
      url: ETHNICITY_URL,
      extension: [
        { url: 'ombCategory', valueCoding: shared.coding(ethnicity) },
        { url: 'text', valueString: ethnicity.display },
      ],
    })),
    d.sex === 'female' ? BIRTH_SEX.female : BIRTH_SEX.male,
  ];
}

/** The Patient resource (US Core Patient). */
export function patientResource(ctx: ChartContext, d: Demographics, h: PatientHistory, lastUpdated: number): Resource {
  const more = historyElements(ctx, d, h);
  const telecom: unknown[] = [{ system: 'phone', value: d.phone, use: d.parent ? 'home' : 'mobile' }];
  if (d.email) telecom.push({ system: 'email', value: d.email, use: 'home' });
  return {
    resourceType: 'Patient',
    id: d.id,
    meta: profileMeta(PROFILE_PATIENT, ctx.shared.dateTime(lastUpdated)),
    extension: [...extensions(ctx, d), ...more.extensions],
    identifier: [{ use: 'usual', type: ctx.shared.concept(IDENTIFIER_TYPE.MR), system: MRN_SYSTEM, value: d.mrn }],
    active: true,
    name: [{ use: 'official', family: d.family, given: d.given, ...(h.suffix ? { suffix: [h.suffix] } : {}) }, ...more.names],
    telecom,
    gender: d.sex,
    birthDate: ctx.shared.date(d.birth),
    ...more.deceased,
    address: [d.address, ...more.addresses],
    ...(d.marital ? { maritalStatus: ctx.shared.concept(d.marital) } : {}),
    communication: ctx.shared.memo('communication', d.language, () => [{ language: ctx.shared.concept(d.language), preferred: true }]),
    generalPractitioner: d.gp.refs,
    managingOrganization: ctx.facility.organizationRef,
  };
}

/** The parent of a minor, as a RelatedPerson (US Core RelatedPerson). */
export function relatedPersonResource(ctx: ChartContext, d: Demographics, lastUpdated: number): Resource | undefined {
  const p = d.parent;
  if (!p) return undefined;
  return {
    resourceType: 'RelatedPerson',
    id: p.id,
    meta: profileMeta(PROFILE_RELATEDPERSON, ctx.shared.dateTime(lastUpdated)),
    active: true,
    patient: ref('Patient', d.id, d.displayName),
    relationship: ctx.shared.concepts(p.sex === 'female' ? RELATIONSHIP.mother : RELATIONSHIP.father),
    name: [{ use: 'official', family: p.family, given: [p.given] }],
    telecom: [{ system: 'phone', value: p.phone, use: 'mobile' }],
    gender: p.sex,
    birthDate: ctx.shared.date(p.birth),
    address: [d.address],
  };
}
