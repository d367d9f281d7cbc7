/**
 * Care plans and goals for chronic conditions (US Core CarePlan and Goal): each plan
 * addresses its Condition, names its goals (with measurable targets where there is one, e.g.
 * HbA1c below 7.0%) and lists its activities, including the medication orders.
 */
import type { Resource } from '../src/fhir/resource.js';
import { CAREPLAN_CATEGORY } from './codes/hl7.js';
import { LABS, UNITS, VITALS } from './codes/loinc.js';
import type { Code } from './codes/types.js';
import { CHRONIC_CODES } from './conditions.js';
import { DAY } from './dates.js';
import { deepFreeze, profileList, profileMeta, quantity, ref } from './fhir.js';
import type { ChartContext, ChronicKey } from './model.js';
import type { PatientState } from './patient-state.js';

const PROFILE_CAREPLAN = profileList('us-core-careplan');
const PROFILE_GOAL = profileList('us-core-goal');

interface GoalDefinition {
  text: string;
  measure?: Code;
  /** The target as a quantity with a comparator. */
  target?: { comparator: '<' | '<=' | '>' | '>='; value: number; ucum: string; unit: string };
}

interface PlanDefinition {
  title: string;
  goals: readonly GoalDefinition[];
  activities: readonly string[];
}

const PLANS: Partial<Record<ChronicKey, PlanDefinition>> = {
  diabetes: {
    title: 'Type 2 diabetes care plan',
    goals: [{ text: 'Hemoglobin A1c below 7.0%', measure: LABS.hba1c, target: { comparator: '<', value: 7, ...UNITS.percent } }],
    activities: ['Diabetes self-management education', 'Carbohydrate-consistent diet', 'Yearly dilated eye exam and foot exam', 'Check HbA1c every 3 to 6 months'],
  },
  hypertension: {
    title: 'Hypertension care plan',
    goals: [
      { text: 'Systolic blood pressure below 130 mmHg', measure: VITALS.systolic, target: { comparator: '<', value: 130, ...UNITS.mmHg } },
      { text: 'Diastolic blood pressure below 80 mmHg', measure: VITALS.diastolic, target: { comparator: '<', value: 80, ...UNITS.mmHg } },
    ],
    activities: ['Home blood pressure monitoring twice a week', 'Limit sodium to less than 2,300 mg a day', '150 minutes of moderate activity a week'],
  },
  hyperlipidemia: {
    title: 'Hyperlipidemia care plan',
    goals: [{ text: 'LDL cholesterol below 100 mg/dL', measure: LABS.ldl, target: { comparator: '<', value: 100, ...UNITS.mgPerDl } }],
    activities: ['Heart-healthy diet low in saturated fat', 'Lipid panel every year'],
  },
  asthma: {
    title: 'Asthma action plan',
    goals: [{ text: 'Asthma well controlled: symptoms no more than twice a week and no emergency visits' }],
    activities: ['Written asthma action plan reviewed with patient and family', 'Avoid known triggers (smoke, dust, pollen)', 'Inhaler technique checked at each visit'],
  },
  obesity: {
    title: 'Weight management plan',
    goals: [{ text: 'Lose 5% of body weight within 6 months', measure: VITALS.weight }],
    activities: ['Nutrition counseling', '150 minutes of moderate activity a week', 'Weight check at each visit'],
  },
  copd: {
    title: 'COPD care plan',
    goals: [{ text: 'No COPD exacerbations needing emergency care' }],
    activities: ['Tobacco cessation counseling', 'Pulmonary rehabilitation referral', 'Yearly influenza vaccine'],
  },
};

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Records a care plan with its goals for each chronic condition that has a plan. */
export function recordCarePlans(ctx: ChartContext, p: PatientState): void {
  for (const condition of p.conditions) {
    const plan = PLANS[condition.key];
    const conditionId = p.conditionIds.get(condition.key);
    if (!plan || !conditionId) continue;
    const reviews = p.visits.filter((v) => v.start >= condition.onset - DAY && v.kind !== 'emergency' && v.kind !== 'inpatient' && v.kind !== 'sick');
    const first = reviews[0];
    const last = reviews[reviews.length - 1];
    if (!first || !last) continue;
    const author = p.demo.gp.ref;
    const subject = p.subject;
    // Shared by the plan and its goals: frozen.
    const addresses = deepFreeze([ref('Condition', conditionId, CHRONIC_CODES[condition.key].snomed.display)]);
    const goalIds: string[] = [];
    for (const g of plan.goals) {
      const id = ctx.ids.next('Goal');
      goalIds.push(id);
      const target: Record<string, unknown>[] = [];
      if (g.measure) {
        const t: Record<string, unknown> = { measure: ctx.shared.concept(g.measure), dueDate: ctx.shared.date(last.start + 180 * DAY) };
        const goalTarget = g.target;
        if (goalTarget) {
          t.detailQuantity = ctx.shared.memo('goal-target', goalTarget, () => ({ ...quantity(goalTarget.value, goalTarget.ucum, goalTarget.unit), comparator: goalTarget.comparator }));
        }
        target.push(t);
      }
      p.chart.Goal.push({
        resourceType: 'Goal',
        id,
        meta: profileMeta(PROFILE_GOAL, ctx.shared.dateTime(last.end)),
        lifecycleStatus: 'active',
        description: ctx.shared.memo('goal-description', g.text, () => ({ text: g.text })),
        subject,
        startDate: ctx.shared.date(first.start),
        ...(target.length > 0 ? { target } : {}),
        expressedBy: author,
        addresses,
      });
    }
    const medications = p.chart.MedicationRequest.filter(
      (m) => m.status === 'active' && (m.reasonReference as { reference: string }[] | undefined)?.[0]?.reference === `Condition/${conditionId}`,
    );
    const items = plan.activities.map((a) => `<li>${escapeXml(a)}</li>`).join('');
    const resource: Resource = {
      resourceType: 'CarePlan',
      id: ctx.ids.next('CarePlan'),
      meta: profileMeta(PROFILE_CAREPLAN, ctx.shared.dateTime(last.end)),
      text: {
        status: 'generated',
        div: `<div xmlns="http://www.w3.org/1999/xhtml"><p><b>${escapeXml(plan.title)}</b></p><p>Goals: ${escapeXml(plan.goals.map((g) => g.text).join('; '))}.</p><ul>${items}</ul></div>`,
      },
      status: 'active',
      intent: 'plan',
      category: ctx.shared.concepts(CAREPLAN_CATEGORY.assessPlan),
      title: plan.title,
      subject,
      period: { start: ctx.shared.date(first.start) },
      created: ctx.shared.dateTime(first.end),
      author,
      addresses,
      goal: goalIds.map((id) => ctx.shared.reference('Goal', id)),
      activity: [
        ...medications.map((m) => ({ reference: ctx.shared.reference('MedicationRequest', m.id as string) })),
        ...plan.activities.map((description) => ctx.shared.memo('activity', description, () => ({ detail: { status: 'in-progress', description } }))),
      ],
    };
    p.chart.CarePlan.push(resource);
  }
}
