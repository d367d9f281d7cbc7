/**
 * A chart that ends at death: what was ongoing when the patient died is closed (active
 * prescriptions stopped, care plans completed, goals cancelled) as of the date of death.
 */
import type { Meta } from '../src/fhir/resource.js';
import { fhirDateTime } from './dates.js';
import type { PatientState } from './patient-state.js';

/** Closes the ongoing records of a patient who died at `deceased` (ms). */
export function endAtDeath(p: PatientState, deceased: number): void {
  const stamp = fhirDateTime(deceased);
  const meta = (r: { meta?: Meta }): Meta => ({ ...r.meta, lastUpdated: stamp });
  p.chart.MedicationRequest = p.chart.MedicationRequest.map((r) => (r.status === 'active' ? { ...r, meta: meta(r), status: 'stopped' } : r));
  p.chart.CarePlan = p.chart.CarePlan.map((r) =>
    r.status === 'active' ? { ...r, meta: meta(r), status: 'completed', period: { ...(r.period as object), end: stamp } } : r,
  );
  p.chart.Goal = p.chart.Goal.map((r) => (r.lifecycleStatus === 'active' ? { ...r, meta: meta(r), lifecycleStatus: 'cancelled' } : r));
}
