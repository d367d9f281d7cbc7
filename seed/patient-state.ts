/** Everything known about one patient while the chart is built. */
import type { Reference } from './fhir.js';
import type { Demographics } from './people.js';
import type { ChronicCondition, ChronicKey, Chart, Traits } from './model.js';
import type { Visit } from './timeline.js';
import type { PanelKey } from './acute.js';
import type { AllergyChoice } from './allergies.js';

/** The state of one patient while the chart is built. */
export interface PatientState {
  demo: Demographics;
  /** Shared reference to the patient. */
  subject: Readonly<Reference>;
  traits: Traits;
  conditions: ChronicCondition[];
  /** Condition resource id of each chronic condition. */
  conditionIds: Map<ChronicKey, string>;
  allergies: AllergyChoice[];
  visits: Visit[];
  chart: Chart;
  /** When each lab panel was last drawn. */
  lastPanel: Map<PanelKey, number>;
  /** Blood pressure readings taken since hypertension was diagnosed. */
  hypertensiveReadings: number;
}

/** True when the patient has the chronic condition at time `t`. */
export function hasCondition(p: PatientState, key: ChronicKey, t: number): boolean {
  return p.conditions.some((c) => c.key === key && c.onset <= t);
}

/** Onset of a chronic condition, or undefined. */
export function onsetOf(p: PatientState, key: ChronicKey): number | undefined {
  return p.conditions.find((c) => c.key === key)?.onset;
}
