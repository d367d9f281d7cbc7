// The flow inspector's live timeline: server-sent events from /inspector/events, one
// `step` per flow step, grouped into one section per flow (newest flow first) and
// filterable by client. Built with DOM calls only: every value is text, never HTML.

const controls = document.getElementById('inspector-controls');
const filter = document.getElementById('client-filter');
const flowsEl = document.getElementById('flows');
const empty = document.getElementById('no-flows');
const connection = document.getElementById('connection');
const flows = new Map();

function node(tag, props = {}, ...children) {
  const el = Object.assign(document.createElement(tag), props);
  el.append(...children);
  return el;
}

function ensureClientOption(clientId) {
  if (!clientId || [...filter.options].some((o) => o.value === clientId)) return;
  filter.append(node('option', { value: clientId, textContent: clientId }));
}

function flowSection(step) {
  let flow = flows.get(step.flow);
  if (flow) return flow;
  const heading = node('h2', { id: `${step.flow}-title` });
  const list = node('ol', { className: 'steps' });
  const section = node('section', { className: 'card flow', id: step.flow }, heading, list);
  section.setAttribute('aria-labelledby', heading.id);
  flow = { section, heading, list, clients: new Set(), started: step.time };
  flows.set(step.flow, flow);
  flowsEl.prepend(section);
  return flow;
}

function title(flowId, flow) {
  const who = [...flow.clients].join(', ') || (flowId === 'anonymous' ? 'requests without a valid token' : 'no client yet');
  return `${flowId === 'anonymous' ? 'Other requests' : flowId.replace('flow-', 'Flow ')}: ${who} (started ${flow.started.slice(11, 19)} UTC)`;
}

function tokenView(token) {
  const sig = node('p', { className: token.signature.verified ? 'ok' : 'bad', textContent: `${token.signature.verified ? 'Signature verified' : 'Signature NOT verified'}: ${token.signature.detail}` });
  return node(
    'div',
    { className: 'token' },
    node('h4', { textContent: token.kind === 'id_token' ? 'id_token' : 'Access token' }),
    node('p', { className: 'hint', textContent: 'Header' }),
    node('pre', { textContent: JSON.stringify(token.header, null, 2) }),
    node('p', { className: 'hint', textContent: 'Claims' }),
    node('pre', { textContent: JSON.stringify(token.claims, null, 2) }),
    sig,
  );
}

function stepView(step) {
  const item = node('li', { className: `step ${step.ok ? 'ok' : 'bad'}` });
  item.dataset.kind = step.kind;
  item.append(
    node('h3', { textContent: `${step.title}${step.ok || step.kind === 'fault' ? '' : ' (failed)'}` }),
    node('p', { className: 'summary', textContent: step.summary }),
    node('p', { className: 'purpose' }, node('span', { textContent: `${step.purpose} ` }), node('a', { href: step.spec.url, textContent: step.spec.label })),
  );
  if (step.details.length) {
    const dl = node('dl');
    for (const d of step.details) dl.append(node('dt', { textContent: d.label }), node('dd', { textContent: d.value }));
    item.append(dl);
  }
  for (const token of step.tokens ?? []) item.append(tokenView(token));
  item.append(node('p', { className: 'hint', textContent: `${step.time.slice(11, 23)} UTC · ${step.kind}` }));
  return item;
}

function applyFilter() {
  const wanted = filter.value;
  let shown = 0;
  for (const flow of flows.values()) {
    flow.section.hidden = Boolean(wanted) && !flow.clients.has(wanted);
    if (!flow.section.hidden) shown++;
  }
  empty.hidden = shown > 0;
}

function add(step) {
  const flow = flowSection(step);
  if (step.clientId) {
    flow.clients.add(step.clientId);
    ensureClientOption(step.clientId);
  }
  flow.heading.textContent = title(step.flow, flow);
  flow.list.append(stepView(step));
  applyFilter();
}

filter.addEventListener('change', applyFilter);

const source = new EventSource(controls.dataset.stream);
source.addEventListener('step', (event) => add(JSON.parse(event.data)));
source.addEventListener('ready', () => (connection.textContent = 'Live: new steps appear as they happen.'));
source.addEventListener('error', () => (connection.textContent = 'Connection lost; reconnecting…'));
