// The home page's two small scripts (served as a file: the page's Content-Security-Policy
// allows scripts from this origin only, never inline).

// 1. The EHR launcher's encounter menu follows the chosen patient. It asks the sandbox for
//    that patient's encounters with a same-origin JSON request: nothing is submitted and no
//    CSRF token ends up in a URL.
const form = document.getElementById('launch-form');
const patient = document.getElementById('patient');
const encounter = document.getElementById('encounter');
const hint = document.getElementById('encounter-hint');

function option(value, label) {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = label;
  return o;
}

async function loadEncounters() {
  const id = patient.value.trim();
  encounter.replaceChildren(option('', 'No encounter'));
  if (!id) {
    hint.textContent = 'Choose a patient to list their encounters.';
    return;
  }
  const url = new URL(form.dataset.encounters, document.baseURI);
  url.searchParams.set('patient', id);
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  if (!res.ok) {
    hint.textContent = `No patient ${id} in this sandbox.`;
    return;
  }
  const body = await res.json();
  for (const e of body.encounters) encounter.append(option(e.id, `${e.label} (${e.start ? e.start.slice(0, 10) : 'date unknown'})`));
  hint.textContent = body.encounters.length
    ? `${body.encounters.length} encounters of ${body.patient.name}, newest first.`
    : `${body.patient.name} has no encounters.`;
}

if (form && patient && encounter && hint) patient.addEventListener('change', loadEncounters);

// 2. A copy button for the fhirclient snippet (shown only where copying works).
const copy = document.getElementById('copy-snippet');
const snippet = document.getElementById('snippet');
const status = document.getElementById('copy-status');
if (copy && snippet && navigator.clipboard) {
  copy.hidden = false;
  copy.addEventListener('click', async () => {
    await navigator.clipboard.writeText(snippet.textContent);
    status.textContent = 'Copied.';
  });
}
