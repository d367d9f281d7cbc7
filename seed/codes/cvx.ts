/** CVX vaccine codes (CDC) with their short descriptions. */
import { code, SYSTEMS as S } from './types.js';

const cvx = (value: string, display: string) => code(S.cvx, value, display);

/** The vaccines of the childhood and adult schedules. */
export const VACCINES = {
  hepBPediatric: cvx('08', 'Hep B, adolescent or pediatric'),
  rotavirus: cvx('119', 'rotavirus, monovalent'),
  dtap: cvx('20', 'DTaP'),
  hib: cvx('49', 'Hib (PRP-OMP)'),
  pcv13: cvx('133', 'Pneumococcal conjugate PCV 13'),
  ipv: cvx('10', 'IPV'),
  influenza: cvx('140', 'Influenza, split virus, trivalent, PF'),
  mmr: cvx('03', 'MMR'),
  varicella: cvx('21', 'varicella'),
  hepAPediatric: cvx('83', 'Hep A, ped/adol, 2 dose'),
  tdap: cvx('115', 'Tdap'),
  td: cvx('113', 'Td (adult), 5 Lf tetanus toxoid, preservative free, adsorbed'),
  hpv: cvx('62', 'HPV, quadrivalent'),
  meningococcal: cvx('114', 'meningococcal MCV4P'),
  zoster: cvx('187', 'zoster recombinant'),
  ppsv23: cvx('33', 'pneumococcal polysaccharide vaccine, 23 valent'),
} as const;
