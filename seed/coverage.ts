/**
 * Who pays and who looks after the patient: the health plan (US Core Coverage, with the payer
 * Organization, member id, group and plan) and the primary care team (US Core CareTeam).
 */
import { CARE_TEAM_ROLE, COVERAGE_CLASS, MEMBER_ID, PAYMENT_TYPOLOGY, SUBSCRIBER_RELATIONSHIP } from './codes/us-core.js';
import { startOfDay, YEAR } from './dates.js';
import { profileList, ref } from './fhir.js';
import type { ChartContext, PayerKey } from './model.js';
import type { PatientState } from './patient-state.js';

const COVERAGE_PROFILE = profileList('us-core-coverage');
const CARE_TEAM_PROFILE = profileList('us-core-careteam');

/** The system of member ids, by payer. */
const MEMBER_SYSTEM: Record<PayerKey, string> = {
  medicare: 'http://mock-ehr.example.org/fhir/sid/medicare-mbi',
  medicaid: 'http://mock-ehr.example.org/fhir/sid/medicaid-id',
  private: 'http://mock-ehr.example.org/fhir/sid/evergreen-member-id',
};

const PLANS: Record<PayerKey, { group: string; plan: string; name: string }> = {
  medicare: { group: 'MEDICARE-FFS', plan: 'PARTS-A-B', name: 'Medicare Part A and Part B' },
  medicaid: { group: 'MEDICAID-MCO', plan: 'STD', name: 'Medicaid Standard Plan' },
  private: { group: 'G-40217', plan: 'PPO-500', name: 'Evergreen PPO 500' },
};

/** A Medicare Beneficiary Identifier-shaped id (11 characters, no S, L, O, I, B, Z). */
function memberId(ctx: ChartContext, payer: PayerKey): string {
  const letters = 'ACDEFGHJKMNPQRTUVWXY';
  const digit = (): string => String(ctx.rng.int(0, 9));
  const letter = (): string => letters.charAt(ctx.rng.int(0, letters.length - 1));
  if (payer === 'medicare') return `${ctx.rng.int(1, 9)}${letter()}${letter()}${digit()}${letter()}${letter()}${digit()}${letter()}${letter()}${digit()}${digit()}`;
  return `${payer === 'medicaid' ? 'MC' : 'EV'}${String(ctx.rng.int(10_000_000, 99_999_999))}`;
}

/** The patient's current health plan; it ends at death. */
export function recordCoverage(ctx: ChartContext, p: PatientState, deceased: number | undefined): void {
  const age = (ctx.now - p.demo.birth) / YEAR;
  const payer: PayerKey = age >= 65 ? 'medicare' : ctx.rng.chance(age < 18 ? 0.4 : 0.15) ? 'medicaid' : 'private';
  const id = memberId(ctx, payer);
  const parent = p.demo.parent;
  const dependent = payer === 'private' && parent !== undefined;
  const start =
    payer === 'medicare'
      ? Math.max(p.demo.birth + 65 * YEAR, p.demo.birth)
      : Math.max(p.demo.birth, startOfDay(ctx.now - ctx.rng.float(0.2, Math.min(8, Math.max(0.3, age))) * YEAR));
  const plan = PLANS[payer];
  p.chart.Coverage.push({
    resourceType: 'Coverage',
    id: ctx.ids.next('Coverage'),
    meta: { lastUpdated: ctx.shared.dateTime(deceased ?? startOfDay(start)), profile: COVERAGE_PROFILE },
    identifier: [{ type: ctx.shared.concept(MEMBER_ID), system: MEMBER_SYSTEM[payer], value: dependent ? `${id}-02` : id }],
    status: deceased === undefined ? 'active' : 'cancelled',
    type: ctx.shared.concept(PAYMENT_TYPOLOGY[payer]),
    ...(dependent ? { policyHolder: ref('RelatedPerson', parent.id, `${parent.given} ${parent.family}`), subscriber: ref('RelatedPerson', parent.id, `${parent.given} ${parent.family}`) } : { subscriber: p.subject }),
    subscriberId: id,
    beneficiary: p.subject,
    ...(dependent ? { dependent: '02' } : {}),
    relationship: ctx.shared.concept(dependent ? SUBSCRIBER_RELATIONSHIP.child : SUBSCRIBER_RELATIONSHIP.self),
    period: { start: ctx.shared.date(start), ...(deceased === undefined ? {} : { end: ctx.shared.date(deceased) }) },
    payor: ctx.shared.list(ctx.facility.payers[payer]),
    class: ctx.shared.memo('coverage-class', plan, () => [
      { type: ctx.shared.concept(COVERAGE_CLASS.group), value: plan.group, name: plan.name },
      { type: ctx.shared.concept(COVERAGE_CLASS.plan), value: plan.plan, name: plan.name },
    ]),
  });
}

/** The primary care team: the general practitioner, the patient, and a parent for a minor. */
export function recordCareTeam(ctx: ChartContext, p: PatientState, deceased: number | undefined): void {
  const first = p.visits[0]?.start ?? p.demo.birth;
  const gp = p.demo.gp;
  const parent = p.demo.parent;
  const org = ctx.facility.organizationRef;
  p.chart.CareTeam.push({
    resourceType: 'CareTeam',
    id: ctx.ids.next('CareTeam'),
    meta: { lastUpdated: ctx.shared.dateTime(deceased ?? first), profile: CARE_TEAM_PROFILE },
    status: deceased === undefined ? 'active' : 'inactive',
    name: `Primary care team of ${p.demo.displayName}`,
    subject: p.subject,
    period: { start: ctx.shared.date(first), ...(deceased === undefined ? {} : { end: ctx.shared.date(deceased) }) },
    participant: [
      { role: ctx.shared.concepts(CARE_TEAM_ROLE.primaryCarePhysician), member: gp.ref, onBehalfOf: org },
      { role: ctx.shared.concepts(CARE_TEAM_ROLE.patient), member: p.subject },
      ...(parent ? [{ role: ctx.shared.concepts(CARE_TEAM_ROLE.caregiver), member: ref('RelatedPerson', parent.id, `${parent.given} ${parent.family}`) }] : []),
    ],
    managingOrganization: ctx.shared.list(org),
  });
}
