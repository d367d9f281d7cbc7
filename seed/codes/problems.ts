/**
 * Conditions: each a SNOMED CT concept (preferred term) with its ICD-10-CM code (official
 * description), both sent as codings of Condition.code.
 */
import { code, SYSTEMS as S, type Code } from './types.js';

/** A problem as SNOMED CT and ICD-10-CM codings. */
export interface ProblemCode {
  snomed: Code;
  icd10: Code;
}

const problem = (sctId: string, sctTerm: string, icd: string, icdTerm: string): ProblemCode => ({
  snomed: code(S.snomed, sctId, sctTerm),
  icd10: code(S.icd10cm, icd, icdTerm),
});

/** Chronic conditions (problem list). */
export const CHRONIC = {
  diabetes: problem('44054006', 'Type 2 diabetes mellitus', 'E11.9', 'Type 2 diabetes mellitus without complications'),
  prediabetes: problem('714628002', 'Prediabetes', 'R73.03', 'Prediabetes'),
  hypertension: problem('59621000', 'Essential hypertension', 'I10', 'Essential (primary) hypertension'),
  hyperlipidemia: problem('55822004', 'Hyperlipidemia', 'E78.5', 'Hyperlipidemia, unspecified'),
  asthma: problem('195967001', 'Asthma', 'J45.909', 'Unspecified asthma, uncomplicated'),
  obesity: problem('414916001', 'Obesity', 'E66.9', 'Obesity, unspecified'),
  hypothyroidism: problem('40930008', 'Hypothyroidism', 'E03.9', 'Hypothyroidism, unspecified'),
  copd: problem('13645005', 'Chronic obstructive lung disease', 'J44.9', 'Chronic obstructive pulmonary disease, unspecified'),
  atrialFibrillation: problem('49436004', 'Atrial fibrillation', 'I48.91', 'Unspecified atrial fibrillation'),
  ckd3: problem('433144002', 'Chronic kidney disease stage 3', 'N18.30', 'Chronic kidney disease, stage 3 unspecified'),
  depression: problem('35489007', 'Depressive disorder', 'F32.A', 'Depression, unspecified'),
  allergicRhinitis: problem('61582004', 'Allergic rhinitis', 'J30.9', 'Allergic rhinitis, unspecified'),
  kneeOsteoarthritis: problem('239873007', 'Osteoarthritis of knee', 'M17.9', 'Osteoarthritis of knee, unspecified'),
} as const;

/** Acute problems (encounter diagnoses). */
export const ACUTE = {
  viralPharyngitis: problem('195662009', 'Acute viral pharyngitis', 'J02.9', 'Acute pharyngitis, unspecified'),
  strepThroat: problem('43878008', 'Streptococcal sore throat', 'J02.0', 'Streptococcal pharyngitis'),
  bronchitis: problem('10509002', 'Acute bronchitis', 'J20.9', 'Acute bronchitis, unspecified'),
  otitisMedia: problem('65363002', 'Otitis media', 'H66.90', 'Otitis media, unspecified, unspecified ear'),
  sinusitis: problem('444814009', 'Viral sinusitis', 'J01.90', 'Acute sinusitis, unspecified'),
  uti: problem('68566005', 'Urinary tract infectious disease', 'N39.0', 'Urinary tract infection, site not specified'),
  ankleSprain: problem('44465007', 'Sprain of ankle', 'S93.409A', 'Sprain of unspecified ligament of unspecified ankle, initial encounter'),
  concussion: problem('110030002', 'Concussion injury of brain', 'S06.0X0A', 'Concussion without loss of consciousness, initial encounter'),
  chestPain: problem('29857009', 'Chest pain', 'R07.9', 'Chest pain, unspecified'),
  asthmaExacerbation: problem('281239006', 'Exacerbation of asthma', 'J45.901', 'Unspecified asthma with (acute) exacerbation'),
  pneumonia: problem('233604007', 'Pneumonia', 'J18.9', 'Pneumonia, unspecified organism'),
  appendicitis: problem('74400008', 'Appendicitis', 'K37', 'Unspecified appendicitis'),
  newborn: problem('442311008', 'Liveborn born in hospital', 'Z38.00', 'Single liveborn infant, delivered vaginally'),
} as const;

/** Reasons of routine visits (ICD-10-CM Z codes). */
export const ROUTINE_VISIT = {
  adult: code(S.icd10cm, 'Z00.00', 'Encounter for general adult medical examination without abnormal findings'),
  child: code(S.icd10cm, 'Z00.129', 'Encounter for routine child health examination without abnormal findings'),
  newbornUnder8Days: code(S.icd10cm, 'Z00.110', 'Health examination for newborn under 8 days old'),
  newborn8To28Days: code(S.icd10cm, 'Z00.111', 'Health examination for newborn 8 to 28 days old'),
} as const;
