/**
 * SNOMED CT concepts (US edition preferred terms) that are not conditions: encounter types,
 * procedures, allergy substances and reactions, smoking status values.
 */
import { code, SYSTEMS as S } from './types.js';

const sct = (value: string, display: string) => code(S.snomed, value, display);

export const ENCOUNTER_TYPES = {
  wellChild: sct('410620009', 'Well child visit'),
  checkUp: sct('185349003', 'Encounter for check up'),
  followUp: sct('390906007', 'Follow-up encounter'),
  symptom: sct('185345009', 'Encounter for symptom'),
  emergency: sct('50849002', 'Emergency room admission'),
  hospitalAdmission: sct('32485007', 'Hospital admission'),
} as const;

export const PROCEDURES = {
  appendectomy: sct('80146002', 'Appendectomy'),
  electrocardiogram: sct('29303009', 'Electrocardiographic procedure'),
  chestXray: sct('399208008', 'Plain chest X-ray'),
  spirometry: sct('127783003', 'Spirometry'),
  colonoscopy: sct('73761001', 'Colonoscopy'),
  mammography: sct('71651007', 'Mammography'),
  medicationReconciliation: sct('430193006', 'Medication reconciliation'),
  depressionScreening: sct('171207006', 'Depression screening'),
} as const;

export const ALLERGENS = {
  penicillin: sct('764146007', 'Penicillin'),
  sulfamethoxazole: sct('387406002', 'Sulfamethoxazole'),
  peanut: sct('762952008', 'Peanut'),
  shellfish: sct('735029006', 'Shellfish'),
  egg: sct('102263004', 'Eggs (edible)'),
  latex: sct('111088007', 'Latex'),
  grassPollen: sct('256277009', 'Grass pollen'),
  dustMite: sct('260147004', 'House dust mite'),
  animalDander: sct('264287008', 'Animal dander'),
} as const;

export const REACTIONS = {
  skinEruption: sct('271807003', 'Eruption of skin'),
  wheal: sct('247472004', 'Wheal'),
  anaphylaxis: sct('39579001', 'Anaphylaxis'),
  itching: sct('418363000', 'Itching of skin'),
  sneezing: sct('76067001', 'Sneezing'),
  rhinoconjunctivitis: sct('878820003', 'Rhinoconjunctivitis'),
} as const;

/** US Core smoking status values (72166-2). */
export const SMOKING_STATUS = {
  daily: sct('449868002', 'Smokes tobacco daily'),
  occasional: sct('428041000124106', 'Occasional tobacco smoker'),
  former: sct('8517006', 'Ex-smoker'),
  never: sct('266919005', 'Never smoked tobacco'),
} as const;

/** Routes of administration (Dosage.route). */
export const ROUTES = {
  oral: sct('26643006', 'Oral route'),
  respiratory: sct('447694001', 'Respiratory tract route'),
} as const;
