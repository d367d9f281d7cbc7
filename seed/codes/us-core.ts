/**
 * Codes of the US Core profiles beyond the vital signs, labs and problems: pregnancy,
 * sexual orientation, occupation, SDOH screening (Hunger Vital Sign), pediatric growth
 * percentiles, oxygen therapy, care team roles, coverage and the Patient extensions. Each
 * with the display its code system gives it (LOINC long common name, SNOMED CT FSN).
 */
import { code, SYSTEMS as S } from './types.js';

const loinc = (value: string, display: string) => code(S.loinc, value, display);
const snomed = (value: string, display: string) => code(S.snomed, value, display);

/** Observation codes (LOINC) of the US Core observation profiles added here. */
export const US_CORE_OBSERVATION = {
  pregnancyStatus: loinc('82810-3', 'Pregnancy status'),
  pregnancyIntent: loinc('86645-9', 'Pregnancy intention in the next year - Reported'),
  sexualOrientation: loinc('76690-7', 'Sexual orientation'),
  occupation: loinc('11341-5', 'History of Occupation'),
  industry: loinc('86188-0', 'History of Occupation industry'),
  hungerVitalSign: loinc('88121-9', 'Hunger Vital Sign [HVS]'),
  hvsWorried: loinc('88122-7', "Within the past 12Mo we worried whether our food would run out before we got money to buy more"),
  hvsDidNotLast: loinc('88123-5', "Within the past 12Mo the food we bought just didn't last and we didn't have money to get more"),
  foodInsecurityRisk: loinc('88124-3', 'Food insecurity risk [HVS]'),
  screenerComment: loinc('48767-8', 'Annotation comment [Interpretation] Narrative'),
  bmiForAge: loinc('59576-9', 'Body mass index (BMI) [Percentile] Per age and sex'),
  weightForLength: loinc('77606-2', 'Weight-for-length Per age and sex'),
  headPercentile: loinc('8289-1', 'Head Occipital-frontal circumference Percentile'),
  oxygenFlowRate: loinc('3151-8', 'Inhaled oxygen flow rate'),
  oxygenConcentration: loinc('3150-0', 'Inhaled oxygen concentration'),
} as const;

/** LOINC answers of the Hunger Vital Sign. */
export const HVS_ANSWER = {
  often: loinc('LA28397-0', 'Often true'),
  sometimes: loinc('LA6729-3', 'Sometimes true'),
  never: loinc('LA28398-8', 'Never true'),
  atRisk: loinc('LA19952-3', 'At risk'),
  noRisk: loinc('LA19983-8', 'No risk'),
} as const;

/** Pregnancy status (US Core Pregnancy Status value set). */
export const PREGNANCY_STATUS = {
  pregnant: snomed('77386006', 'Pregnant (finding)'),
  notPregnant: snomed('60001007', 'Not pregnant (finding)'),
} as const;

/** Pregnancy intent (US Core Pregnancy Intent value set). */
export const PREGNANCY_INTENT = {
  unsure: snomed('454381000124105', 'Not sure of desire to become pregnant (finding)'),
  ambivalent: snomed('454391000124108', 'Ambivalent about becoming pregnant (finding)'),
  no: snomed('454401000124105', 'No desire to become pregnant (finding)'),
  yes: snomed('454411000124108', 'Wants to become pregnant (finding)'),
} as const;

/** Sexual orientation (US Core Sexual Orientation value set, SNOMED CT part). */
export const SEXUAL_ORIENTATION = {
  heterosexual: snomed('20430005', 'Heterosexual (finding)'),
  homosexual: snomed('38628009', 'Homosexual (finding)'),
  bisexual: snomed('42035005', 'Bisexual (finding)'),
} as const;

/** SDOH problems found by screening. */
export const SDOH_PROBLEM = {
  foodInsecurity: snomed('733423003', 'Food insecurity (finding)'),
} as const;

/** The US Core Sex extension values (SNOMED CT). */
export const SEX = {
  female: snomed('248152002', 'Female (finding)'),
  male: snomed('248153007', 'Male (finding)'),
} as const;

/** CareTeam.participant.role (US Core CareTeam Member Function, SNOMED CT). */
export const CARE_TEAM_ROLE = {
  primaryCarePhysician: snomed('446050000', 'Primary care physician (occupation)'),
  patient: snomed('116154003', 'Patient (person)'),
  caregiver: snomed('133932002', 'Caregiver (person)'),
} as const;

/** Categories of the US Core category code system. */
export const US_CORE_CATEGORY = {
  sdoh: code('http://hl7.org/fhir/us/core/CodeSystem/us-core-category', 'sdoh', 'SDOH'),
} as const;

/** Condition categories of US Core (health concern). */
export const US_CORE_CONDITION_CATEGORY = {
  healthConcern: code('http://hl7.org/fhir/us/core/CodeSystem/condition-category', 'health-concern', 'Health Concern'),
} as const;

/** Source of Payment Typology (PHDSC), Coverage.type. */
export const PAYMENT_TYPOLOGY = {
  medicare: code('urn:oid:2.16.840.1.113883.3.221.5', '1', 'MEDICARE'),
  medicaid: code('urn:oid:2.16.840.1.113883.3.221.5', '2', 'MEDICAID'),
  private: code('urn:oid:2.16.840.1.113883.3.221.5', '5', 'PRIVATE HEALTH INSURANCE'),
} as const;

/** Coverage.relationship (subscriber-relationship). */
export const SUBSCRIBER_RELATIONSHIP = {
  self: code('http://terminology.hl7.org/CodeSystem/subscriber-relationship', 'self', 'Self'),
  child: code('http://terminology.hl7.org/CodeSystem/subscriber-relationship', 'child', 'Child'),
} as const;

/** Coverage.class.type (coverage-class). */
export const COVERAGE_CLASS = {
  group: code('http://terminology.hl7.org/CodeSystem/coverage-class', 'group', 'Group'),
  plan: code('http://terminology.hl7.org/CodeSystem/coverage-class', 'plan', 'Plan'),
} as const;

/** Identifier types beyond the MRN (v2 table 0203). */
export const MEMBER_ID = code(S.v2IdentifierType, 'MB', 'Member Number');

/** A federally recognized tribe (v3 TribalEntityUS). */
export const TRIBE = code('http://terminology.hl7.org/CodeSystem/v3-TribalEntityUS', '68', 'Cow Creek Band of Umpqua Tribe of Indians');

/** Provenance.agent.type (provenance-participant-type). */
export const PROVENANCE_AGENT = {
  author: code('http://terminology.hl7.org/CodeSystem/provenance-participant-type', 'author', 'Author'),
  transmitter: code('http://hl7.org/fhir/us/core/CodeSystem/us-core-provenance-participant-type', 'transmitter', 'Transmitter'),
} as const;

/** Immunization.statusReason (v3 ActReason). */
export const IMMUNIZATION_STATUS_REASON = {
  patientObjection: code('http://terminology.hl7.org/CodeSystem/v3-ActReason', 'PATOBJ', 'patient objection'),
} as const;

/** Organization.type of a health plan (organization-type). */
export const ORGANIZATION_TYPE_PAYER = code('http://terminology.hl7.org/CodeSystem/organization-type', 'pay', 'Payer');

/** Endpoint.connectionType of Direct messaging (endpoint-connection-type). */
export const ENDPOINT_CONNECTION = code('http://terminology.hl7.org/CodeSystem/endpoint-connection-type', 'direct-project', 'Direct Project');

/** Endpoint.payloadType (endpoint-payload-type). */
export const ENDPOINT_PAYLOAD = code('http://terminology.hl7.org/CodeSystem/endpoint-payload-type', 'any', 'Any');

/** Observation category of questionnaire-based assessments (observation-category). */
export const OBSERVATION_CATEGORY_SURVEY = code(S.observationCategory, 'survey', 'Survey');

/** Why an element has no value (data-absent-reason). */
export const DATA_ABSENT_REASON = {
  error: code('http://terminology.hl7.org/CodeSystem/data-absent-reason', 'error', 'Error'),
  unknown: code('http://terminology.hl7.org/CodeSystem/data-absent-reason', 'unknown', 'Unknown'),
} as const;

/** ServiceRequest.category (US Core ServiceRequest category codes, SNOMED CT). */
export const SERVICE_REQUEST_CATEGORY = {
  laboratory: snomed('108252007', 'Laboratory procedure'),
  imaging: snomed('363679005', 'Imaging'),
  evaluation: snomed('386053000', 'Evaluation procedure'),
} as const;

/** Point-of-care and urine tests (LOINC) and their coded results (SNOMED CT qualifiers). */
export const POINT_OF_CARE = {
  rapidStrep: loinc('78012-2', 'Streptococcus pyogenes Ag [Presence] in Throat by Rapid immunoassay'),
  urineAppearance: loinc('5767-9', 'Appearance of Urine'),
  urineNitrite: loinc('5802-4', 'Nitrite [Presence] in Urine by Test strip'),
  urinalysis: loinc('24357-6', 'Urinalysis macro (dipstick) panel - Urine'),
  positive: snomed('10828004', 'Positive (qualifier value)'),
  negative: snomed('260385009', 'Negative (qualifier value)'),
} as const;

/** Specimen.type (SNOMED CT specimen hierarchy) and collection sites. */
export const SPECIMEN = {
  throatSwab: snomed('258529004', 'Throat swab (specimen)'),
  urine: snomed('122575003', 'Urine specimen (specimen)'),
} as const;

/** Procedure reports: codes, categories and findings of the ECG and chest X-ray reports. */
export const PROCEDURE_REPORT = {
  ecgStudy: loinc('11524-6', 'EKG study'),
  ecgImpression: loinc('8601-7', 'EKG impression'),
  chestXray: loinc('36643-5', 'XR Chest 2 Views'),
  imagingImpression: loinc('19005-8', 'Radiology Imaging study [Impression] (narrative)'),
  cardiology: loinc('LP29708-2', 'Cardiology'),
  radiology: loinc('LP29684-5', 'Radiology'),
} as const;

/** Observation categories of clinical results (observation-category). */
export const RESULT_CATEGORY = {
  procedure: code(S.observationCategory, 'procedure', 'Procedure'),
  imaging: code(S.observationCategory, 'imaging', 'Imaging'),
} as const;

/** Specimen collection sites (SNOMED CT body structures). */
export const BODY_SITE = {
  pharynx: snomed('54066008', 'Pharyngeal structure (body structure)'),
} as const;

/** Specimen.condition (v2 table 0493). */
export const SPECIMEN_CONDITION = {
  roomTemperature: code('http://terminology.hl7.org/CodeSystem/v2-0493', 'ROOM', 'Room temperature'),
} as const;

/** The PHQ-2 depression screen (LOINC panel, questions, answers and total score). */
export const PHQ2 = {
  panel: loinc('55757-9', 'Patient Health Questionnaire 2 item (PHQ-2) [Reported]'),
  interest: loinc('44250-9', 'Little interest or pleasure in doing things in last 2 weeks'),
  down: loinc('44255-8', 'Feeling down, depressed, or hopeless in last 2 weeks'),
  total: loinc('55758-7', 'Patient Health Questionnaire 2 item (PHQ-2) total score [Reported]'),
} as const;

/** The PHQ-9's difficulty question, asked when a problem is reported, and its answers (LOINC). */
export const PHQ_DIFFICULTY = {
  question: loinc('69722-7', 'How difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?'),
  notDifficult: loinc('LA6572-7', 'Not difficult at all'),
  somewhat: loinc('LA6573-5', 'Somewhat difficult'),
  very: loinc('LA6574-3', 'Very difficult'),
} as const;

/** PHQ answers (LOINC answer list), in score order 0 to 3. */
export const PHQ_ANSWERS = [
  loinc('LA6568-5', 'Not at all'),
  loinc('LA6569-3', 'Several days'),
  loinc('LA6570-1', 'More than half the days'),
  loinc('LA6571-9', 'Nearly every day'),
] as const;

/** MedicationDispense.type (v3 ActCode, pharmacy supply types). */
export const DISPENSE_TYPE = {
  firstFill: code(S.v3ActCode, 'FF', 'First Fill'),
  refill: code(S.v3ActCode, 'RF', 'Refill'),
} as const;

/** Home blood pressure averages (US Core Average Blood Pressure). */
export const AVERAGE_BP = {
  panel: loinc('96607-7', 'Blood pressure panel mean systolic and mean diastolic'),
  systolic: loinc('96608-5', 'Systolic blood pressure mean'),
  diastolic: loinc('96609-3', 'Diastolic blood pressure mean'),
} as const;

/** Patient preferences (US Core Care Experience and Treatment Intervention Preference). */
export const PREFERENCE = {
  careExperience: loinc('95541-9', 'Care experience preference'),
  treatmentIntervention: loinc('75773-2', 'Goals, preferences, and priorities for medical treatment [Reported]'),
  careExperienceCategory: code('http://hl7.org/fhir/us/core/CodeSystem/us-core-category', 'care-experience-preference', 'Care Experience Preference'),
  treatmentInterventionCategory: code('http://hl7.org/fhir/us/core/CodeSystem/us-core-category', 'treatment-intervention-preference', 'Treatment Intervention Preference'),
} as const;

/** Measurements of an ECG (LOINC). */
export const ECG_MEASUREMENT = {
  qrsDuration: loinc('8633-6', 'QRS duration'),
} as const;

/** Social history asked as a simple observation (LOINC). */
export const SIMPLE_SOCIAL = {
  alcoholPerDay: loinc('74013-4', 'Alcoholic drinks per day'),
} as const;

/** Implanted devices (SNOMED CT physical objects). */
export const IMPLANT = {
  pacemaker: snomed('14106009', 'Cardiac pacemaker, device (physical object)'),
} as const;

/** Occupation and industry (ODH, the CDC's Occupational Data for Health code system). */
const odh = (value: string, display: string) => code('http://terminology.hl7.org/CodeSystem/PHOccupationalDataForHealthODH', value, display);
export const OCCUPATION = {
  nursingAssistant: odh('31-1014.00.007136', 'Certified Nursing Assistant (CNA) [Nursing Assistants]'),
  medicalResearcher: odh('19-1042.00.026469', 'Medical Researcher [Medical Scientists, Except Epidemiologists]'),
  clothier: odh('41-2031.00.008618', 'Clothier [Retail Salespersons]'),
} as const;
export const INDUSTRY = {
  homeNursing: odh('621610.008495', 'Home nursing services'),
  university: odh('611310.000015', 'Academies, college or university [Colleges, Universities, and Professional Schools]'),
} as const;

/** Social history recorded as US Core Simple Observations. */
export const SIMPLE_SOCIAL_HISTORY = {
  alcoholUse: loinc('11331-6', 'History of Alcohol use'),
  narrative: loinc('29762-2', 'Social history Narrative'),
  transportTooExpensive: snomed('160695008', 'Transport too expensive (finding)'),
  currentDrinker: snomed('219006', 'Current drinker of alcohol (finding)'),
} as const;

/** Tobacco exposure as a quantity (US Core Smoking Status, 7.0). */
export const PACK_YEARS = snomed('401201003', 'Cigarette pack-years (observable entity)');

/** The rhythm an ECG shows (LOINC question, SNOMED CT answers). */
export const ECG_RHYTHM = {
  code: loinc('8884-9', 'Heart rate rhythm'),
  sinus: snomed('64730000', 'Normal sinus rhythm (finding)'),
  atrialFibrillation: snomed('49436004', 'Atrial fibrillation'),
} as const;

/** Coded preferences: no resuscitation (SNOMED CT), a religious affiliation (v3). */
export const PREFERENCE_VALUE = {
  notForResuscitation: snomed('304253006', 'Not for resuscitation (finding)'),
  romanCatholic: code('http://terminology.hl7.org/CodeSystem/v3-ReligiousAffiliation', '1041', 'Roman Catholic Church'),
} as const;

/** US Core Medication Adherence: adherence codes and the information source (SNOMED CT). */
export const ADHERENCE = {
  complies: snomed('1156699004', 'Complies with drug therapy (finding)'),
  partial: snomed('275928001', 'Drugs - partial non-compliance (finding)'),
  patient: snomed('116154003', 'Patient (person)'),
} as const;

/** Media.type (media-type). */
export const MEDIA_TYPE_IMAGE = code('http://terminology.hl7.org/CodeSystem/media-type', 'image', 'Image');
