// Step 6, "Access FHIR API" (SMART App Launch 2.2, app-launch.html#step-6-fhir-api): every request carries the access token as a
// Bearer token, and the server answers only within the granted scopes.

export async function fhirRead(session, path) {
  const res = await fetch(`${session.iss.replace(/\/$/, '')}/${path}`, {
    headers: { authorization: `Bearer ${session.tokens.access_token}`, accept: 'application/fhir+json' },
  });
  const body = await res.json();
  if (!res.ok) {
    const why = body.issue?.[0]?.diagnostics ?? body.issue?.[0]?.details?.text ?? res.statusText;
    throw new Error(`GET ${path} answered ${res.status}: ${why}`);
  }
  return body;
}

/** Patient read (FHIR R4 http.html#read). */
export function readPatient(session, id) {
  return fhirRead(session, `Patient/${encodeURIComponent(id)}`);
}

/** The patient's vital signs, newest first (US Core vital signs are category `vital-signs`). */
export async function readVitalSigns(session, id) {
  const bundle = await fhirRead(session, `Observation?patient=${encodeURIComponent(id)}&category=vital-signs&_sort=-date&_count=500`);
  return (bundle.entry ?? []).map((e) => e.resource);
}

/** The display name of a FHIR HumanName list. */
export function nameOf(patient) {
  const name = patient.name?.find((n) => n.use === 'official') ?? patient.name?.[0];
  if (!name) return `Patient ${patient.id}`;
  return name.text ?? [...(name.given ?? []), name.family].filter(Boolean).join(' ');
}

/** Latest observation per LOINC code, in the order first seen (the list is newest first). */
export function latestByCode(observations) {
  const latest = new Map();
  for (const o of observations) {
    const code = o.code?.coding?.[0]?.code ?? o.code?.text;
    if (!latest.has(code)) latest.set(code, o);
  }
  return [...latest.values()];
}

export function valueText(o) {
  if (o.valueQuantity) return `${o.valueQuantity.value} ${o.valueQuantity.unit ?? ''}`.trim();
  const [s, d] = o.component ?? [];
  if (s?.valueQuantity && d?.valueQuantity) return `${s.valueQuantity.value}/${d.valueQuantity.value} ${s.valueQuantity.unit ?? ''}`.trim();
  return '—';
}

/** Blood pressure readings (LOINC 85354-9 panel: 8480-6 systolic, 8462-4 diastolic), oldest first. */
export function bloodPressures(observations) {
  const component = (o, code) => o.component?.find((c) => c.code?.coding?.some((x) => x.code === code))?.valueQuantity?.value;
  return observations
    .filter((o) => o.code?.coding?.some((c) => c.code === '85354-9'))
    .map((o) => ({ date: o.effectiveDateTime, systolic: component(o, '8480-6'), diastolic: component(o, '8462-4') }))
    .filter((p) => p.date && p.systolic !== undefined && p.diastolic !== undefined)
    .sort((a, b) => a.date.localeCompare(b.date));
}
