/**
 * Pharmacy fills (US Core MedicationDispense): the latest fill of each active prescription.
 * The first fill is handed over within a few days of the prescription, refills every supply
 * period after it (as many as the prescription allows), with the prescription's dose
 * instructions.
 */
import { DISPENSE_TYPE } from './codes/us-core.js';
import { DAY, HOUR } from './dates.js';
import { profileList } from './fhir.js';
import type { ChartContext } from './model.js';
import type { PatientState } from './patient-state.js';

const PROFILE = profileList('us-core-medicationdispense');

/** Records the latest fill of every active prescription (none after `until`). */
export function recordDispenses(ctx: ChartContext, p: PatientState, until: number): void {
  for (const order of p.chart.MedicationRequest) {
    if (order.status !== 'active') continue;
    const supply = order.dispenseRequest as { quantity: unknown; numberOfRepeatsAllowed: number; expectedSupplyDuration: { value: number } };
    const first = Date.parse(order.authoredOn as string) + ctx.rng.int(0, 3) * DAY + ctx.rng.int(2, 8) * HOUR;
    if (first >= until) continue;
    const period = supply.expectedSupplyDuration.value * DAY;
    const fills = Math.min(supply.numberOfRepeatsAllowed, Math.floor((until - first) / period));
    const handedOver = first + fills * period;
    const medication = order.medicationReference ? { medicationReference: order.medicationReference } : { medicationCodeableConcept: order.medicationCodeableConcept };
    p.chart.MedicationDispense.push({
      resourceType: 'MedicationDispense',
      id: ctx.ids.next('MedicationDispense'),
      meta: { lastUpdated: ctx.shared.dateTime(handedOver), profile: PROFILE },
      status: 'completed',
      ...medication,
      subject: p.subject,
      context: order.encounter,
      performer: ctx.shared.memo('actor', ctx.facility.organizationRef, () => [{ actor: ctx.facility.organizationRef }]),
      authorizingPrescription: [ctx.shared.reference('MedicationRequest', order.id as string)],
      type: ctx.shared.concept(fills > 0 ? DISPENSE_TYPE.refill : DISPENSE_TYPE.firstFill),
      quantity: supply.quantity,
      daysSupply: supply.expectedSupplyDuration,
      whenHandedOver: ctx.shared.dateTime(handedOver),
      dosageInstruction: order.dosageInstruction,
    });
  }
}
