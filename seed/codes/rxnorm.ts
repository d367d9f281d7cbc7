/** RxNorm clinical drugs (SCD) with their RxNorm names. */
import { code, SYSTEMS as S } from './types.js';

const rx = (value: string, display: string) => code(S.rxnorm, value, display);

export const DRUGS = {
  metforminEr500: rx('860975', '24 HR metformin hydrochloride 500 MG Extended Release Oral Tablet'),
  lisinopril10: rx('314076', 'lisinopril 10 MG Oral Tablet'),
  amlodipine5: rx('197361', 'amlodipine 5 MG Oral Tablet'),
  hydrochlorothiazide25: rx('310798', 'hydrochlorothiazide 25 MG Oral Tablet'),
  albuterolInhaler: rx('745679', '200 ACTUAT albuterol 0.09 MG/ACTUAT Metered Dose Inhaler'),
  fluticasoneInhaler: rx('895994', '120 ACTUAT fluticasone propionate 0.044 MG/ACTUAT Metered Dose Inhaler'),
  simvastatin20: rx('312961', 'simvastatin 20 MG Oral Tablet'),
  levothyroxine50mcg: rx('966222', 'levothyroxine sodium 0.05 MG Oral Tablet'),
  sertraline50: rx('312941', 'sertraline 50 MG Oral Tablet'),
  warfarin5: rx('855332', 'warfarin sodium 5 MG Oral Tablet'),
  acetaminophen325: rx('313782', 'acetaminophen 325 MG Oral Tablet'),
  ibuprofen200: rx('310965', 'ibuprofen 200 MG Oral Tablet'),
  naproxen220: rx('849574', 'naproxen sodium 220 MG Oral Tablet'),
  amoxicillin500: rx('308191', 'amoxicillin 500 MG Oral Capsule'),
  amoxicillinSuspension: rx('308189', 'amoxicillin 80 MG/ML Oral Suspension'),
  azithromycin250: rx('308460', 'azithromycin 250 MG Oral Tablet'),
  penicillinV250: rx('834061', 'penicillin V potassium 250 MG Oral Tablet'),
  cephalexin500: rx('309114', 'cephalexin 500 MG Oral Capsule'),
} as const;
