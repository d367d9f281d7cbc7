/**
 * Writes docs/data.md: the generated resources of the default data set (seed 42, 50 patients,
 * reference date 2026-01-01) by resource type and the US Core profile each claims, with
 * counts taken from the data itself. `test/seed/data-doc.test.ts` fails when the file and the
 * data disagree; run `npx tsx scripts/data-doc.ts` after changing the generator.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateSeedData } from '../seed/index.js';
import type { Resource } from '../src/fhir/resource.js';
import { packageRoot } from '../src/paths.js';

const US_CORE = 'http://hl7.org/fhir/us/core/StructureDefinition/';

/** What each kind of resource holds, by profile name (or resource type when it claims none). */
const WHAT: Record<string, string> = {
  'us-core-organization': 'the community health organization (NPI) and the payers patients are covered by',
  'us-core-location': 'family medicine and pediatrics clinics, emergency department, inpatient unit; with identifiers',
  'us-core-practitioner': 'family, internal, pediatric, emergency and hospital medicine, a nurse practitioner; valid NPIs',
  'us-core-practitionerrole': 'NUCC specialties, location, and a Direct messaging endpoint',
  Endpoint: 'each practitioner\'s Direct address',
  'us-core-patient': 'newborns to over 90, both sexes; MRN, race, ethnicity, birth sex, sex, tribal affiliation; previous names and addresses; one deceased',
  'us-core-relatedperson': 'a parent for every child (for proxy access: log in as the parent)',
  'us-core-encounter': 'well-child visits on the AAP schedule, check-ups, diagnosis and follow-up, sick and emergency visits, hospital stays',
  'us-core-condition-problems-health-concerns': 'problem list (diabetes, hypertension, asthma, COPD, …) and food insecurity found by screening (asserted date, resolved with abatement)',
  'us-core-condition-encounter-diagnosis': 'diagnoses of acute visits (otitis media, pharyngitis, chest pain, pneumonia, …)',
  'us-core-blood-pressure': 'systolic and diastolic components from age 3 (a young child\'s may be missing, with the reason)',
  'us-core-heart-rate': 'every visit',
  'us-core-respiratory-rate': 'every visit',
  'us-core-body-temperature': 'every visit; fever with infections',
  'us-core-pulse-oximetry': 'every visit; inhaled oxygen flow rate and concentration when hypoxic in the emergency department or hospital',
  'us-core-body-weight': 'every visit; children follow growth curves',
  'us-core-body-height': 'routine visits and hospital stays',
  'us-core-bmi': 'from age 2, from weight and height',
  'us-core-head-circumference': 'under 2',
  'pediatric-bmi-for-age': 'percentile from the child\'s BMI, 2 to 20 years',
  'pediatric-weight-for-height': 'percentile from the child\'s weight and length, under 2',
  'head-occipital-frontal-circumference-percentile': 'percentile from the child\'s head circumference, under 2',
  'us-core-observation-lab': 'CBC, metabolic and lipid panels, HbA1c, TSH, INR, microalbumin (UCUM, ranges, flags); rapid strep and urine dipstick with their specimen',
  'us-core-observation-clinical-result': 'ECG and chest X-ray impressions, QRS duration',
  'us-core-smokingstatus': 'tobacco smoking status from age 12',
  'us-core-observation-pregnancystatus': 'women of reproductive age',
  'us-core-observation-pregnancyintent': 'women of reproductive age',
  'us-core-observation-sexual-orientation': 'adults, once',
  'us-core-observation-screening-assessment': 'Hunger Vital Sign and PHQ-2 answers and scores, derived from the questionnaire responses',
  'us-core-diagnosticreport-lab': 'one per panel or point-of-care test',
  'us-core-diagnosticreport-note': 'ECG and chest X-ray reports with the report text',
  'us-core-medicationrequest': 'chronic medications and short courses for acute problems, with dosage',
  'us-core-allergyintolerance': 'drug, food and environmental allergies with reactions',
  'us-core-immunization': 'CDC childhood schedule, influenza (some declined, with the reason), Td, zoster, pneumococcal',
  'us-core-procedure': 'ECG and chest X-ray (based on their orders), appendectomy, spirometry, depression screening, medication reconciliation',
  'us-core-documentreference': 'progress notes and discharge summaries as plain-text attachments',
  'us-core-careplan': 'plans for chronic conditions',
  'us-core-goal': 'targets such as HbA1c below 7.0%',
  'us-core-coverage': 'Medicare, Medicaid or a private plan, with the payer, member id, group and plan',
  'us-core-careteam': 'the primary care team: general practitioner, patient, parent',
  'us-core-questionnaireresponse': 'Hunger Vital Sign and PHQ-2 as answered by the patient',
  'us-core-servicerequest': 'orders for the rapid strep test, urine dipstick, ECG and chest X-ray',
  'us-core-specimen': 'throat swabs and urine',
  'us-core-medication': 'formulary entries for the inhalers, which prescriptions and fills point to',
  'us-core-medicationdispense': 'the latest fill of each active prescription (first fill or refill)',
  'us-core-implantable-device': 'a pacemaker (with its UDI) for older patients with atrial fibrillation',
  'us-core-simple-observation': 'alcohol use, asked of adults once',
  'us-core-average-blood-pressure': 'home readings averaged at the latest hypertension follow-up',
  'us-core-treatment-intervention-preference': 'treatment priorities stated at the latest check-up from 65',
  'us-core-care-experience-preference': 'care experience preferences stated at the latest check-up from 65',
  'us-core-provenance': 'who wrote each record: one per encounter and author, naming the author and the organization',
};

/** Markdown of docs/data.md for a data set. */
export function renderDataDoc(resources: readonly Resource[]): string {
  // Rows grouped by resource type, types and profiles in the order they first appear.
  const byType = new Map<string, Map<string, number>>();
  for (const r of resources) {
    const profile = (r.meta?.profile as string[] | undefined)?.[0] ?? '';
    let profiles = byType.get(r.resourceType);
    if (!profiles) byType.set(r.resourceType, (profiles = new Map()));
    profiles.set(profile, (profiles.get(profile) ?? 0) + 1);
  }
  const rows = [...byType].flatMap(([type, profiles]) => [...profiles].map(([profile, count]) => ({ type, profile, count })));
  const lines = [
    '# The generated data',
    '',
    `The default data set (seed 42, 50 patients, anchored to 2026-01-01): ${resources.length.toLocaleString('en-US')} resources, by`,
    'resource type and the US Core profile each claims in `meta.profile`. Generated from the data by',
    '`npx tsx scripts/data-doc.ts`; a test fails when this page and the data disagree.',
    '',
    '| resource | US Core profile | what you get | count |',
    '|---|---|---|---:|',
  ];
  for (const { type, profile, count } of rows) {
    const name = profile.startsWith(US_CORE) ? profile.slice(US_CORE.length) : profile;
    const what = WHAT[name || type];
    if (what === undefined) throw new Error(`scripts/data-doc.ts: describe ${name || type} in WHAT`);
    lines.push(`| ${type} | ${name ? `\`${name}\`` : '(none)'} | ${what} | ${count.toLocaleString('en-US')} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** The default data set the page describes. */
export function defaultDataSet(): Resource[] {
  return generateSeedData({ seed: 42, patients: 50, referenceDate: '2026-01-01' });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const file = join(packageRoot(), 'docs', 'data.md');
  writeFileSync(file, renderDataDoc(defaultDataSet()));
  console.log(file);
}
