/**
 * What a chart knows of a patient's past beyond the visits: a previous name (a maiden name
 * before marriage) or a previous address (with the date it ended, US Core Patient
 * `name.use`/`address.use` = old and `period.end`), a generational suffix, a tribal
 * affiliation, the US Core Sex extension, and death.
 */
import { SEX, TRIBE } from './codes/us-core.js';
import { DAY, YEAR } from './dates.js';
import { coding, deepFreeze } from './fhir.js';
import type { ChartContext } from './model.js';
import type { Address, Demographics } from './people.js';

/** A previous name or address, and when it stopped being used. */
export interface PatientHistory {
  suffix: string | undefined;
  previousName: { family: string; given: string[]; end: number } | undefined;
  previousAddress: { address: Omit<Address, 'use'>; end: number } | undefined;
  /** Enrolled member of a federally recognized tribe (also reports American Indian race). */
  tribal: boolean;
  /** Time of death, ms. */
  deceased: number | undefined;
}

/**
 * Draws the patient's history. `lastSeen` is the end of the last visit; a very old patient
 * may die after it (and before "today"), so the record ends at death.
 */
export function createHistory(ctx: ChartContext, d: Demographics, lastSeen: number): PatientHistory {
  const { rng, faker } = ctx;
  const age = (ctx.now - d.birth) / YEAR;
  const adult = age >= 18;
  const married = d.marital !== undefined && d.marital.code !== 'S';
  const previousName =
    adult && d.sex === 'female' && married && rng.chance(0.7)
      ? { family: faker.person.lastName(), given: d.given, end: d.birth + rng.float(21, Math.min(40, age - 0.5)) * YEAR }
      : undefined;
  const moved = adult && rng.chance(0.35);
  const town = rng.pick(ctx.facility.towns);
  const previousAddress = moved
    ? {
        address: { line: [`${rng.int(2, 9899)} ${rng.pick(ctx.facility.streets)}`], city: town?.city ?? '', state: ctx.facility.state, postalCode: town?.postalCode ?? '', country: 'US' as const },
        end: ctx.now - rng.float(0.5, Math.min(15, age - 18 + 0.5)) * YEAR,
      }
    : undefined;
  // A generational suffix for one man in seven (by position, so it stays put).
  const suffix = d.sex === 'male' && d.index % 7 === 2 ? (adult ? 'Jr.' : 'III') : undefined;
  // Enrolled tribal members: those reporting American Indian or Alaska Native race, and one
  // patient in 25 who reports another race.
  const tribal = d.race.code === '1002-5' || d.index % 25 === 11;
  // The first patient of the oldest age band (pt-0016, then every 40th) dies after the last visit.
  const deceased = d.index % 40 === 15 && age >= 85 && ctx.now - lastSeen > 2 * DAY ? lastSeen + rng.float(0.2, 0.8) * (ctx.now - lastSeen) : undefined;
  return { suffix, previousName, previousAddress, tribal, deceased };
}

const TRIBAL_URL = 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-tribal-affiliation';
const SEX_URL = 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-sex';
const TRIBAL_EXTENSION = deepFreeze({
  url: TRIBAL_URL,
  extension: [
    { url: 'tribalAffiliation', valueCodeableConcept: { coding: [coding(TRIBE)], text: TRIBE.display } },
    { url: 'isEnrolled', valueBoolean: true },
  ],
});
const SEX_EXTENSION = deepFreeze({ female: { url: SEX_URL, valueCoding: coding(SEX.female) }, male: { url: SEX_URL, valueCoding: coding(SEX.male) } });

/** The Patient elements the history adds: extensions, names, addresses, deceased. */
export function historyElements(ctx: ChartContext, d: Demographics, h: PatientHistory): {
  extensions: unknown[];
  names: unknown[];
  addresses: unknown[];
  deceased: Record<string, string>;
} {
  const extensions: unknown[] = [];
  if (h.tribal) {
    extensions.push(TRIBAL_EXTENSION);
  }
  extensions.push(d.sex === 'female' ? SEX_EXTENSION.female : SEX_EXTENSION.male);
  const names: unknown[] = [];
  if (h.previousName) names.push({ use: 'old', family: h.previousName.family, given: h.previousName.given, period: { end: ctx.shared.date(h.previousName.end) } });
  const addresses: unknown[] = [];
  if (h.previousAddress) addresses.push({ use: 'old', ...h.previousAddress.address, period: { end: ctx.shared.date(h.previousAddress.end) } });
  return { extensions, names, addresses, deceased: h.deceased === undefined ? {} : { deceasedDateTime: ctx.shared.dateTime(h.deceased) } };
}
