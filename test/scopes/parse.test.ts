import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ScopeSyntaxError, formatScope, parseScope, parseScopes, tryParseScope } from '../../src/scopes/index.js';
import type { ParsedScope } from '../../src/scopes/index.js';

const LAB = 'http://terminology.hl7.org/CodeSystem/observation-category|laboratory';

/** A parsed scope in a comparable shape (the permission set as its in-order letters). */
function shape(p: ParsedScope): Record<string, unknown> {
  if (p.kind !== 'resource') return { ...p };
  const { permissions, ...rest } = p;
  return { ...rest, permissions: ['c', 'r', 'u', 'd', 's'].filter((x) => permissions.has(x as never)).join('') };
}

describe('parseScope: valid scopes', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['patient/Observation.rs', { context: 'patient', resourceType: 'Observation', permissions: 'rs', version: 'v2' }],
    ['user/*.cruds', { context: 'user', resourceType: '*', permissions: 'cruds', version: 'v2' }],
    ['system/Encounter.cud', { context: 'system', resourceType: 'Encounter', permissions: 'cud', version: 'v2' }],
    ['patient/Patient.r', { context: 'patient', resourceType: 'Patient', permissions: 'r', version: 'v2' }],
    ['patient/Observation.s', { context: 'patient', resourceType: 'Observation', permissions: 's', version: 'v2' }],
    ['patient/Observation.cd', { context: 'patient', resourceType: 'Observation', permissions: 'cd', version: 'v2' }],
    ['patient/*.read', { context: 'patient', resourceType: '*', permissions: 'rs', version: 'v1' }],
    ['user/Observation.write', { context: 'user', resourceType: 'Observation', permissions: 'cud', version: 'v1' }],
    ['user/*.*', { context: 'user', resourceType: '*', permissions: 'cruds', version: 'v1' }],
    [
      `patient/Observation.rs?category=${LAB}`,
      { context: 'patient', resourceType: 'Observation', permissions: 'rs', version: 'v2', query: [['category', LAB]] },
    ],
    [
      'patient/Observation.rs?category=a|b&code=http://loinc.org|1234-5',
      {
        context: 'patient',
        resourceType: 'Observation',
        permissions: 'rs',
        version: 'v2',
        query: [
          ['category', 'a|b'],
          ['code', 'http://loinc.org|1234-5'],
        ],
      },
    ],
    [
      'patient/Observation.rs?category=http%3A%2F%2Fx.org%7Clab',
      { context: 'patient', resourceType: 'Observation', permissions: 'rs', version: 'v2', query: [['category', 'http://x.org|lab']] },
    ],
  ];
  for (const [scope, expected] of cases) {
    it(`parses ${scope}`, () => {
      assert.deepEqual(shape(parseScope(scope)), { kind: 'resource', raw: scope, ...expected });
    });
  }

  const others: [string, ParsedScope][] = [
    ['launch', { kind: 'launch', raw: 'launch' }],
    ['launch/patient', { kind: 'launch', raw: 'launch/patient', target: 'patient' }],
    ['launch/encounter', { kind: 'launch', raw: 'launch/encounter', target: 'encounter' }],
    ['openid', { kind: 'identity', raw: 'openid', name: 'openid' }],
    ['fhirUser', { kind: 'identity', raw: 'fhirUser', name: 'fhirUser' }],
    ['profile', { kind: 'identity', raw: 'profile', name: 'profile' }],
    ['offline_access', { kind: 'offline', raw: 'offline_access', name: 'offline_access' }],
    ['online_access', { kind: 'offline', raw: 'online_access', name: 'online_access' }],
  ];
  for (const [scope, expected] of others) {
    it(`parses ${scope}`, () => assert.deepEqual(parseScope(scope), expected));
  }
});

describe('parseScope: invalid scopes are refused with a reason', () => {
  const cases: [string, RegExp][] = [
    ['patient/Observation.sr', /out of order/],
    ['patient/Observation.dus', /out of order/],
    ['patient/Observation.rr', /repeated/],
    ['patient/Observation.', /empty/],
    ['patient/Observation.x', /not a permission/],
    ['patient/Observation.READ', /not a permission/],
    ['patient/Observation.reads', /not a permission/],
    ['patient/Foo.rs', /not a FHIR R4 resource type/],
    ['patient/observation.rs', /not a FHIR R4 resource type/],
    ['patient/.rs', /resource type is missing/],
    ['practitioner/Observation.rs', /not a scope context/],
    ['Patient/Observation.rs', /not a scope context/],
    ['/Observation.rs', /not a scope context/],
    ['patient/Observation.read?category=x', /need v2 permissions/],
    ['patient/Observation.rs?', /empty/],
    ['patient/Observation.rs?category', /param=value/],
    ['patient/Observation.rs?category=', /empty value/],
    ['patient/Observation.rs?=x', /no valid search parameter name/],
    ['patient/Observation.rs?category=%E0%A4%A', /percent-escape/],
    ['launch/diagnosticreport', /not supported/],
    ['foo', /unknown scope/],
    ['OPENID', /unknown scope/],
    ['patient/Observation', /unknown scope/],
    ['', /empty scope/],
  ];
  for (const [scope, reason] of cases) {
    it(`refuses "${scope}"`, () => {
      const r = tryParseScope(scope);
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.reason, reason);
      assert.throws(
        () => parseScope(scope),
        (e: unknown) => e instanceof ScopeSyntaxError && e.code === 'invalid_scope' && e.scope === scope && reason.test(e.reason),
      );
    });
  }
});

describe('parseScopes', () => {
  it('splits on whitespace, keeps valid scopes in order and reports every invalid one', () => {
    const { scopes, invalid } = parseScopes('  launch  patient/Observation.rs foo\tpatient/Observation.sr openid ');
    assert.deepEqual(
      scopes.map((s) => s.raw),
      ['launch', 'patient/Observation.rs', 'openid'],
    );
    assert.deepEqual(
      invalid.map((i) => i.scope),
      ['foo', 'patient/Observation.sr'],
    );
    assert.match(invalid[1]!.reason, /out of order/);
  });

  it('counts a repeated scope once', () => {
    const { scopes, invalid } = parseScopes('openid openid foo foo');
    assert.deepEqual(
      scopes.map((s) => s.raw),
      ['openid'],
    );
    assert.equal(invalid.length, 1);
  });

  it('returns nothing for an empty parameter', () => {
    assert.deepEqual(parseScopes(''), { scopes: [], invalid: [] });
  });
});

describe('formatScope', () => {
  const roundTrips = [
    'patient/Observation.rs',
    'user/*.cruds',
    'system/Encounter.cud',
    'patient/*.read',
    'user/Observation.write',
    'user/*.*',
    `patient/Observation.rs?category=${LAB}`,
    'launch',
    'launch/patient',
    'launch/encounter',
    'openid',
    'fhirUser',
    'profile',
    'offline_access',
    'online_access',
  ];
  for (const s of roundTrips) {
    it(`renders ${s} back unchanged`, () => assert.equal(formatScope(parseScope(s)), s));
  }

  it('renders a v1 scope whose permissions v1 cannot say in v2 letters', () => {
    const p = parseScope('patient/Observation.read');
    assert.ok(p.kind === 'resource');
    assert.equal(formatScope({ ...p, permissions: new Set(['r']) }), 'patient/Observation.r');
    assert.equal(formatScope({ ...p, permissions: new Set(['c', 'u', 'd']) }), 'patient/Observation.write');
  });

  it('escapes only what would split a filter value, so it parses back to the same pairs', () => {
    const p = parseScope('patient/Observation.rs?category=a%26b%20c');
    assert.ok(p.kind === 'resource');
    assert.deepEqual(p.query, [['category', 'a&b c']]);
    const text = formatScope(p);
    assert.equal(text, 'patient/Observation.rs?category=a%26b%20c');
    const again = parseScope(text);
    assert.ok(again.kind === 'resource');
    assert.deepEqual(again.query, p.query);
  });

  it('writes a decoded value plainly (the spec example form)', () => {
    assert.equal(
      formatScope(parseScope('patient/Observation.rs?category=http%3A%2F%2Fx.org%7Clab')),
      'patient/Observation.rs?category=http://x.org|lab',
    );
  });
});
