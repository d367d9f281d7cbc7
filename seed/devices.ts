/**
 * Implanted devices (US Core Implantable Device): older patients with atrial fibrillation
 * (from 60) carry a pacemaker implanted before the charts begin, identified by its FDA UDI
 * (GS1 device identifier, manufacture and expiry dates, lot and serial number).
 */
import { IMPLANT } from './codes/us-core.js';
import { YEAR, fhirDate } from './dates.js';
import { profileList } from './fhir.js';
import type { ChartContext } from './model.js';
import { hasCondition, type PatientState } from './patient-state.js';

const PROFILE = profileList('us-core-implantable-device');

/** The GS1 device identifier (GTIN-14) of the pacemaker model, with its check digit. */
export const PACEMAKER_DI = gtin('0088442000123');

/** A GTIN-14: 13 digits and the GS1 check digit (weights 3 and 1 from the right). */
export function gtin(digits13: string): string {
  let sum = 0;
  for (let i = 0; i < 13; i++) sum += Number(digits13[12 - i]) * (i % 2 === 0 ? 3 : 1);
  return `${digits13}${(10 - (sum % 10)) % 10}`;
}

const yymmdd = (ms: number): string => fhirDate(ms).slice(2).replace(/-/g, '');

/** Records the pacemaker of a patient with atrial fibrillation from age 60. */
export function recordDevices(ctx: ChartContext, p: PatientState): void {
  const age = (ctx.now - p.demo.birth) / YEAR;
  if (age < 60 || !hasCondition(p, 'atrialFibrillation', ctx.now)) return;
  const implanted = p.visits[0]?.start ?? ctx.now;
  const made = implanted - ctx.rng.float(0.3, 1) * YEAR;
  const expires = made + 2 * YEAR;
  const lot = `${ctx.rng.int(100, 999)}${String.fromCharCode(65 + ctx.rng.int(0, 25))}${ctx.rng.int(10, 99)}`;
  const serial = `PJN${ctx.rng.int(1_000_000, 9_999_999)}`;
  p.chart.Device.push({
    resourceType: 'Device',
    id: ctx.ids.next('Device'),
    meta: { lastUpdated: ctx.shared.dateTime(implanted), profile: PROFILE },
    udiCarrier: [
      {
        deviceIdentifier: PACEMAKER_DI,
        issuer: 'http://hl7.org/fhir/NamingSystem/gs1-di',
        jurisdiction: 'http://hl7.org/fhir/NamingSystem/fda-udi',
        carrierHRF: `(01)${PACEMAKER_DI}(11)${yymmdd(made)}(17)${yymmdd(expires)}(10)${lot}(21)${serial}`,
      },
    ],
    distinctIdentifier: serial,
    status: 'active',
    manufactureDate: ctx.shared.date(made),
    expirationDate: ctx.shared.date(expires),
    lotNumber: lot,
    serialNumber: serial,
    deviceName: [{ name: 'Dual-chamber pacemaker', type: 'user-friendly-name' }],
    type: ctx.shared.concept(IMPLANT.pacemaker),
    patient: p.subject,
  });
}
