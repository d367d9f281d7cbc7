import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decide, parseScopes } from '../../src/scopes/index.js';
import type { Decision, FhirInteraction, TokenContext } from '../../src/scopes/index.js';

const LAB = 'http://terminology.hl7.org/CodeSystem/observation-category|laboratory';
const VITALS = 'http://terminology.hl7.org/CodeSystem/observation-category|vital-signs';

const INTERACTIONS: FhirInteraction[] = [
  'read',
  'vread',
  'history-instance',
  'update',
  'delete',
  'create',
  'search-type',
  'history-type',
];
const READS: FhirInteraction[] = ['read', 'vread', 'history-instance'];
const SEARCHES: FhirInteraction[] = ['search-type', 'history-type'];
const WRITES: FhirInteraction[] = ['create', 'update', 'delete'];

const run = (scopes: string, interaction: FhirInteraction, resourceType: string, token: TokenContext): Decision =>
  decide(parseScopes(scopes).scopes, { interaction, resourceType }, token);

/**
 * The matrix: granted scopes × token context × resource type → the interactions allowed.
 * Every other interaction of INTERACTIONS must be denied.
 */
const matrix: { scopes: string; token: TokenContext; type: string; allowed: FhirInteraction[] }[] = [
  { scopes: 'patient/Observation.rs', token: 'patient', type: 'Observation', allowed: [...READS, ...SEARCHES] },
  { scopes: 'patient/Observation.rs', token: 'patient', type: 'Condition', allowed: [] },
  { scopes: 'patient/Observation.read', token: 'patient', type: 'Observation', allowed: [...READS, ...SEARCHES] },
  { scopes: 'patient/Observation.r', token: 'patient', type: 'Observation', allowed: READS },
  { scopes: 'patient/Observation.s', token: 'patient', type: 'Observation', allowed: SEARCHES },
  { scopes: 'patient/Observation.cud', token: 'patient', type: 'Observation', allowed: WRITES },
  { scopes: 'patient/Observation.write', token: 'patient', type: 'Observation', allowed: WRITES },
  { scopes: 'patient/Observation.c', token: 'patient', type: 'Observation', allowed: ['create'] },
  { scopes: 'patient/Observation.u', token: 'patient', type: 'Observation', allowed: ['update'] },
  { scopes: 'patient/Observation.d', token: 'patient', type: 'Observation', allowed: ['delete'] },
  { scopes: 'patient/Observation.r patient/Observation.cud', token: 'patient', type: 'Observation', allowed: [...READS, ...WRITES] },
  { scopes: 'patient/*.cruds', token: 'patient', type: 'Observation', allowed: INTERACTIONS },
  { scopes: 'patient/*.cruds', token: 'patient', type: 'Patient', allowed: INTERACTIONS },
  { scopes: 'patient/*.*', token: 'patient', type: 'MedicationRequest', allowed: INTERACTIONS },
  { scopes: 'patient/*.read', token: 'patient', type: 'Encounter', allowed: [...READS, ...SEARCHES] },
  { scopes: 'patient/*.rs', token: undefined, type: 'Observation', allowed: [...READS, ...SEARCHES] },
  { scopes: 'patient/*.rs', token: 'user', type: 'Observation', allowed: [] },
  { scopes: 'user/*.rs', token: 'user', type: 'Observation', allowed: [...READS, ...SEARCHES] },
  { scopes: 'user/*.rs', token: 'patient', type: 'Observation', allowed: [...READS, ...SEARCHES] },
  { scopes: 'user/Observation.write', token: 'user', type: 'Observation', allowed: WRITES },
  { scopes: 'user/*.cruds', token: 'system', type: 'Observation', allowed: [] },
  { scopes: 'system/*.rs', token: 'system', type: 'Observation', allowed: [...READS, ...SEARCHES] },
  { scopes: 'system/*.rs', token: 'patient', type: 'Observation', allowed: [] },
  { scopes: 'system/*.rs', token: 'user', type: 'Observation', allowed: [] },
  { scopes: 'system/Encounter.cud', token: 'system', type: 'Encounter', allowed: WRITES },
  { scopes: 'patient/Observation.rs', token: 'system', type: 'Observation', allowed: [] },
  { scopes: `patient/Observation.rs?category=${LAB}`, token: 'patient', type: 'Observation', allowed: [...READS, ...SEARCHES] },
  { scopes: `patient/Observation.rs?category=${LAB}`, token: 'patient', type: 'Condition', allowed: [] },
  { scopes: 'launch openid fhirUser offline_access', token: 'patient', type: 'Observation', allowed: [] },
  { scopes: '', token: 'patient', type: 'Patient', allowed: [] },
];

describe('decide: scope × interaction × resource type matrix', () => {
  for (const row of matrix) {
    for (const interaction of INTERACTIONS) {
      const expected = row.allowed.includes(interaction);
      it(`${row.scopes || '(none)'} [${row.token ?? 'undefined'} token]: ${interaction} ${row.type} is ${expected ? 'allowed' : 'denied'}`, () => {
        assert.equal(run(row.scopes, interaction, row.type, row.token).allowed, expected);
      });
    }
  }
});

describe('decide: restrictions on an allowed request', () => {
  it('patient/ scopes alone restrict to the compartment, without filters', () => {
    const d = run('patient/Observation.rs', 'search-type', 'Observation', 'patient');
    assert.ok(d.allowed);
    assert.equal(d.compartment, true);
    assert.deepEqual(d.filters, []);
    assert.deepEqual(d.contexts, ['patient']);
    assert.equal(d.permission, 's');
    assert.equal(d.reason, 'allowed by patient/Observation.rs, limited to the patient in context');
  });

  it('a user/ scope lifts the compartment restriction', () => {
    const d = run('patient/Observation.rs user/Observation.rs', 'read', 'Observation', 'patient');
    assert.ok(d.allowed);
    assert.equal(d.compartment, false);
    assert.deepEqual(d.filters, []);
    assert.deepEqual(d.contexts, ['patient', 'user']);
    assert.deepEqual(d.allowedBy, ['patient/Observation.rs', 'user/Observation.rs']);
    assert.equal(d.reason, 'allowed by user/Observation.rs');
  });

  it('a system/ scope is not restricted to a compartment', () => {
    const d = run('system/*.rs', 'search-type', 'Observation', 'system');
    assert.ok(d.allowed);
    assert.equal(d.compartment, false);
  });

  it('a granular scope yields its filter', () => {
    const d = run(`patient/Observation.rs?category=${LAB}`, 'search-type', 'Observation', 'patient');
    assert.ok(d.allowed);
    assert.equal(d.compartment, true);
    assert.deepEqual(d.filters, [
      { scope: `patient/Observation.rs?category=${LAB}`, query: [['category', LAB]], compartment: true },
    ]);
    assert.equal(d.reason, 'allowed by patient/Observation.rs (category laboratory), limited to the patient in context');
  });

  it('two granular scopes: a resource passes when it matches either', () => {
    const d = run(`patient/Observation.rs?category=${LAB} patient/Observation.rs?category=${VITALS}`, 'read', 'Observation', 'patient');
    assert.ok(d.allowed);
    assert.deepEqual(
      d.filters.map((f) => f.query),
      [[['category', LAB]], [['category', VITALS]]],
    );
    assert.match(d.reason, /category laboratory\) or .*category vital-signs\)/);
  });

  it('an unfiltered scope makes the granular ones irrelevant', () => {
    const d = run(`patient/Observation.rs?category=${LAB} patient/*.rs`, 'read', 'Observation', 'patient');
    assert.ok(d.allowed);
    assert.deepEqual(d.filters, []);
    assert.equal(d.scope, 'patient/*.rs');
  });

  it('a filtered user/ scope next to an unfiltered patient/ scope keeps one path each', () => {
    const d = run(`user/Observation.rs?category=${LAB} patient/Observation.rs`, 'search-type', 'Observation', 'patient');
    assert.ok(d.allowed);
    assert.equal(d.compartment, false);
    assert.deepEqual(d.filters, [
      { scope: `user/Observation.rs?category=${LAB}`, query: [['category', LAB]], compartment: false },
      { scope: 'patient/Observation.rs', query: [], compartment: true },
    ]);
  });

  it('a filtered patient/ scope under an unfiltered user/ scope is dropped', () => {
    const d = run(`patient/Observation.rs?category=${LAB} user/Observation.rs`, 'search-type', 'Observation', 'patient');
    assert.ok(d.allowed);
    assert.deepEqual(d.filters, []);
    assert.equal(d.compartment, false);
  });

  it('filters only come from scopes that allow the interaction', () => {
    const d = run(`patient/Observation.c?category=${LAB} patient/Observation.rs`, 'read', 'Observation', 'patient');
    assert.ok(d.allowed);
    assert.deepEqual(d.filters, []);
    assert.deepEqual(d.allowedBy, ['patient/Observation.rs']);
  });

  const specific: [string, string][] = [
    ['patient/*.rs patient/Observation.rs', 'patient/Observation.rs'],
    ['patient/Observation.cruds patient/Observation.rs', 'patient/Observation.rs'],
    ['patient/*.cruds patient/*.rs', 'patient/*.rs'],
  ];
  for (const [scopes, expected] of specific) {
    it(`names the most specific allowing scope among "${scopes}"`, () => {
      const d = run(scopes, 'read', 'Observation', 'patient');
      assert.ok(d.allowed);
      assert.equal(d.scope, expected);
    });
  }
});

describe('decide: denials say why and what would have allowed it', () => {
  const rows: { scopes: string; token: TokenContext; interaction: FhirInteraction; type: string; wouldAllow: string; reason: RegExp }[] = [
    { scopes: 'patient/Observation.cud', token: 'patient', interaction: 'read', type: 'Observation', wouldAllow: 'patient/Observation.rs', reason: /write never implies read/ },
    { scopes: 'patient/Observation.write', token: 'patient', interaction: 'search-type', type: 'Observation', wouldAllow: 'patient/Observation.read', reason: /write never implies read/ },
    { scopes: 'patient/Observation.r', token: 'patient', interaction: 'search-type', type: 'Observation', wouldAllow: 'patient/Observation.rs', reason: /grants r but not s/ },
    { scopes: 'patient/Observation.rs', token: 'patient', interaction: 'create', type: 'Observation', wouldAllow: 'patient/Observation.c', reason: /needs "c": create/ },
    { scopes: 'patient/Observation.read', token: 'patient', interaction: 'update', type: 'Observation', wouldAllow: 'patient/Observation.write', reason: /needs "u": update/ },
    { scopes: 'patient/Condition.read', token: 'patient', interaction: 'read', type: 'Observation', wouldAllow: 'patient/Observation.read', reason: /no granted scope allows read on Observation/ },
    { scopes: 'patient/Observation.rs', token: 'patient', interaction: 'delete', type: 'Observation', wouldAllow: 'patient/Observation.d', reason: /needs "d": delete/ },
    { scopes: 'patient/*.rs', token: 'user', interaction: 'read', type: 'Observation', wouldAllow: 'user/Observation.rs', reason: /need a patient in context/ },
    { scopes: 'system/*.rs', token: 'patient', interaction: 'read', type: 'Observation', wouldAllow: 'patient/Observation.rs', reason: /backend-services tokens only/ },
    { scopes: 'user/*.rs', token: 'system', interaction: 'read', type: 'Observation', wouldAllow: 'system/Observation.rs', reason: /do not apply to backend-services tokens/ },
    { scopes: 'system/Patient.rs', token: 'system', interaction: 'search-type', type: 'Observation', wouldAllow: 'system/Observation.rs', reason: /search-type on Observation/ },
    { scopes: 'openid fhirUser', token: undefined, interaction: 'read', type: 'Patient', wouldAllow: 'patient/Patient.rs', reason: /needs "r": read\)$/ },
  ];
  for (const row of rows) {
    it(`${row.scopes} [${row.token ?? 'undefined'}]: ${row.interaction} ${row.type} → try ${row.wouldAllow}`, () => {
      const d = run(row.scopes, row.interaction, row.type, row.token);
      assert.equal(d.allowed, false);
      if (d.allowed) return;
      assert.equal(d.wouldAllow, row.wouldAllow);
      assert.match(d.reason, row.reason);
    });
  }

  it('the suggested scope does allow the request', () => {
    for (const row of rows) {
      const d = run(row.scopes, row.interaction, row.type, row.token);
      assert.ok(!d.allowed);
      assert.equal(run(d.wouldAllow, row.interaction, row.type, row.token).allowed, true, d.wouldAllow);
    }
  });
});
