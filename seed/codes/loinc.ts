/**
 * LOINC codes (http://loinc.org) with their long common names, and the UCUM units used
 * with them: vital signs (FHIR R4 vital signs profile), laboratory results, smoking status
 * and clinical note types.
 */
import { code, SYSTEMS as S } from './types.js';

const loinc = (value: string, display: string) => code(S.loinc, value, display);

/** Vital signs (R4 observation-vitalsigns; US Core vital sign profiles). */
export const VITALS = {
  bpPanel: loinc('85354-9', 'Blood pressure panel with all children optional'),
  systolic: loinc('8480-6', 'Systolic blood pressure'),
  diastolic: loinc('8462-4', 'Diastolic blood pressure'),
  heartRate: loinc('8867-4', 'Heart rate'),
  respiratoryRate: loinc('9279-1', 'Respiratory rate'),
  temperature: loinc('8310-5', 'Body temperature'),
  oxygenSaturation: loinc('2708-6', 'Oxygen saturation in Arterial blood'),
  pulseOximetry: loinc('59408-5', 'Oxygen saturation in Arterial blood by Pulse oximetry'),
  height: loinc('8302-2', 'Body height'),
  weight: loinc('29463-7', 'Body weight'),
  bmi: loinc('39156-5', 'Body mass index (BMI) [Ratio]'),
  headCircumference: loinc('9843-4', 'Head Occipital-frontal circumference'),
} as const;

/** Laboratory panels (DiagnosticReport.code). */
export const PANELS = {
  cbc: loinc('58410-2', 'CBC panel - Blood by Automated count'),
  bmp: loinc('51990-0', 'Basic metabolic panel - Blood'),
  lipid: loinc('57698-3', 'Lipid panel with direct LDL - Serum or Plasma'),
} as const;

/** Laboratory tests (Observation.code). */
export const LABS = {
  wbc: loinc('6690-2', 'Leukocytes [#/volume] in Blood by Automated count'),
  rbc: loinc('789-8', 'Erythrocytes [#/volume] in Blood by Automated count'),
  hemoglobin: loinc('718-7', 'Hemoglobin [Mass/volume] in Blood'),
  hematocrit: loinc('4544-3', 'Hematocrit [Volume Fraction] of Blood by Automated count'),
  mcv: loinc('787-2', 'MCV [Entitic volume] by Automated count'),
  mch: loinc('785-6', 'MCH [Entitic mass] by Automated count'),
  mchc: loinc('786-4', 'MCHC [Mass/volume] by Automated count'),
  platelets: loinc('777-3', 'Platelets [#/volume] in Blood by Automated count'),
  glucose: loinc('2345-7', 'Glucose [Mass/volume] in Serum or Plasma'),
  bun: loinc('3094-0', 'Urea nitrogen [Mass/volume] in Serum or Plasma'),
  creatinine: loinc('2160-0', 'Creatinine [Mass/volume] in Serum or Plasma'),
  calcium: loinc('17861-6', 'Calcium [Mass/volume] in Serum or Plasma'),
  sodium: loinc('2951-2', 'Sodium [Moles/volume] in Serum or Plasma'),
  potassium: loinc('2823-3', 'Potassium [Moles/volume] in Serum or Plasma'),
  chloride: loinc('2075-0', 'Chloride [Moles/volume] in Serum or Plasma'),
  co2: loinc('2028-9', 'Carbon dioxide, total [Moles/volume] in Serum or Plasma'),
  cholesterol: loinc('2093-3', 'Cholesterol [Mass/volume] in Serum or Plasma'),
  triglycerides: loinc('2571-8', 'Triglyceride [Mass/volume] in Serum or Plasma'),
  ldl: loinc('18262-6', 'Cholesterol in LDL [Mass/volume] in Serum or Plasma by Direct assay'),
  hdl: loinc('2085-9', 'Cholesterol in HDL [Mass/volume] in Serum or Plasma'),
  hba1c: loinc('4548-4', 'Hemoglobin A1c/Hemoglobin.total in Blood'),
  tsh: loinc('3016-3', 'Thyrotropin [Units/volume] in Serum or Plasma'),
  egfr: loinc(
    '33914-3',
    'Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum or Plasma by Creatinine-based formula (MDRD)',
  ),
  microalbumin: loinc('14959-1', 'Microalbumin/Creatinine [Mass Ratio] in Urine'),
  inr: loinc('6301-6', 'INR in Platelet poor plasma by Coagulation assay'),
} as const;

export const SOCIAL = {
  smokingStatus: loinc('72166-2', 'Tobacco smoking status'),
} as const;

/** Clinical note types (US Core DocumentReference.type). */
export const NOTE_TYPES = {
  progress: loinc('11506-3', 'Progress note'),
  historyAndPhysical: loinc('34117-2', 'History and physical note'),
  dischargeSummary: loinc('18842-5', 'Discharge summary'),
} as const;

/** UCUM codes with the unit text shown beside values. */
export const UNITS = {
  mmHg: { ucum: 'mm[Hg]', unit: 'mm[Hg]' },
  perMinuteBeats: { ucum: '/min', unit: 'beats/minute' },
  perMinuteBreaths: { ucum: '/min', unit: 'breaths/minute' },
  celsius: { ucum: 'Cel', unit: 'Cel' },
  percent: { ucum: '%', unit: '%' },
  cm: { ucum: 'cm', unit: 'cm' },
  kg: { ucum: 'kg', unit: 'kg' },
  kgPerM2: { ucum: 'kg/m2', unit: 'kg/m2' },
  thousandPerUl: { ucum: '10*3/uL', unit: '10*3/uL' },
  millionPerUl: { ucum: '10*6/uL', unit: '10*6/uL' },
  gPerDl: { ucum: 'g/dL', unit: 'g/dL' },
  fL: { ucum: 'fL', unit: 'fL' },
  pg: { ucum: 'pg', unit: 'pg' },
  mgPerDl: { ucum: 'mg/dL', unit: 'mg/dL' },
  mmolPerL: { ucum: 'mmol/L', unit: 'mmol/L' },
  mIuPerL: { ucum: 'm[IU]/L', unit: 'm[IU]/L' },
  egfr: { ucum: 'mL/min/{1.73_m2}', unit: 'mL/min/{1.73_m2}' },
  mgPerG: { ucum: 'mg/g', unit: 'mg/g' },
  inr: { ucum: '{INR}', unit: 'INR' },
} as const;

export type Unit = (typeof UNITS)[keyof typeof UNITS];
