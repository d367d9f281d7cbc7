import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { categorySubScopes, isSubsetOf, narrowTo, uncoveredScopes } from '../../src/scopes/index.js';

const LAB = 'http://terminology.hl7.org/CodeSystem/observation-category|laboratory';
const VITALS = 'http://terminology.hl7.org/CodeSystem/observation-category|vital-signs';
const labScope = `patient/Observation.rs?category=${LAB}`;

describe('narrowTo (consent page)', () => {
  const negotiated = ['launch/patient', 'openid', 'fhirUser', 'offline_access', 'patient/Observation.rs', 'patient/Condition.read'];
  const rows: { name: string; selected: string[]; kept: string[]; rejected: [string, RegExp][] }[] = [
    { name: 'keeps what the user left ticked', selected: ['openid', 'patient/Observation.rs'], kept: ['openid', 'patient/Observation.rs'], rejected: [] },
    { name: 'an empty selection keeps nothing', selected: [], kept: [], rejected: [] },
    { name: 'accepts a category sub-scope of an offered scope', selected: [labScope], kept: [labScope], rejected: [] },
    {
      name: 'accepts several category sub-scopes',
      selected: [labScope, `patient/Observation.rs?category=${VITALS}`],
      kept: [labScope, `patient/Observation.rs?category=${VITALS}`],
      rejected: [],
    },
    {
      name: 'accepts a v2 sub-scope of an offered v1 scope',
      selected: ['patient/Condition.rs?category=http://terminology.hl7.org/CodeSystem/condition-category|problem-list-item'],
      kept: ['patient/Condition.rs?category=http://terminology.hl7.org/CodeSystem/condition-category|problem-list-item'],
      rejected: [],
    },
    { name: 'accepts fewer permissions than offered', selected: ['patient/Observation.r'], kept: ['patient/Observation.r'], rejected: [] },
    {
      name: 'refuses a sub-scope with more permissions than offered',
      selected: [`patient/Observation.cruds?category=${LAB}`],
      kept: [],
      rejected: [[`patient/Observation.cruds?category=${LAB}`, /not among the scopes offered/]],
    },
    {
      name: 'refuses a sub-scope of a type that was not offered',
      selected: ['patient/DiagnosticReport.rs?category=http://terminology.hl7.org/CodeSystem/v2-0074|LAB'],
      kept: [],
      rejected: [['patient/DiagnosticReport.rs?category=http://terminology.hl7.org/CodeSystem/v2-0074|LAB', /not among/]],
    },
    {
      name: 'refuses a sub-scope in another context',
      selected: [`user/Observation.rs?category=${LAB}`],
      kept: [],
      rejected: [[`user/Observation.rs?category=${LAB}`, /not among/]],
    },
    {
      name: 'refuses a filter this server cannot enforce, even under an offered scope',
      selected: ['patient/Observation.rs?code=http://loinc.org|1234-5'],
      kept: [],
      rejected: [['patient/Observation.rs?code=http://loinc.org|1234-5', /not enforced/]],
    },
    { name: 'refuses a non-resource scope that was not offered', selected: ['launch', 'profile'], kept: [], rejected: [['launch', /not among/], ['profile', /not among/]] },
    { name: 'refuses a malformed value', selected: ['patient/Observation.sr'], kept: [], rejected: [['patient/Observation.sr', /out of order/]] },
    { name: 'counts a repeated value once', selected: ['openid', 'openid'], kept: ['openid'], rejected: [] },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const r = narrowTo(negotiated, row.selected);
      assert.deepEqual(r.granted, row.kept);
      assert.deepEqual(
        r.rejected.map((x) => x.scope),
        row.rejected.map(([s]) => s),
      );
      for (const [i, [, reason]] of row.rejected.entries()) assert.match(r.rejected[i]!.reason, reason);
      assert.ok(isSubsetOf(r.granted, negotiated), 'the result is never wider than the negotiated set');
    });
  }

  it('accepts every category sub-scope the consent page offers', () => {
    for (const offered of ['patient/Observation.rs', 'patient/Condition.read']) {
      const subs = categorySubScopes(offered).map((s) => s.scope);
      assert.ok(subs.length > 0);
      assert.deepEqual(narrowTo(negotiated, subs).granted, subs);
    }
  });
});

describe('isSubsetOf (refresh-time narrowing)', () => {
  const rows: [string, string[], string[], boolean][] = [
    ['the same set', ['patient/Observation.rs', 'openid'], ['openid', 'patient/Observation.rs'], true],
    ['nothing', [], ['patient/Observation.rs'], true],
    ['a subset', ['patient/Observation.rs'], ['patient/Observation.rs', 'offline_access'], true],
    ['fewer permissions', ['patient/Observation.r'], ['patient/Observation.rs'], true],
    ['more permissions', ['patient/Observation.rs'], ['patient/Observation.r'], false],
    ['write is not read', ['patient/Observation.r'], ['patient/Observation.cud'], false],
    ['another context', ['user/Observation.rs'], ['patient/Observation.rs'], false],
    ['a type under the original wildcard', ['patient/Condition.rs'], ['patient/*.rs'], true],
    ['a wildcard under a named type', ['patient/*.rs'], ['patient/Observation.rs'], false],
    ['another type', ['patient/Condition.rs'], ['patient/Observation.rs'], false],
    ['a filtered scope under an unfiltered one', [labScope], ['patient/Observation.rs'], true],
    ['an unfiltered scope under a filtered one', ['patient/Observation.rs'], [labScope], false],
    ['the same filter', [labScope], [labScope], true],
    ['another filter', [`patient/Observation.rs?category=${VITALS}`], [labScope], false],
    ['the same filter pairs in another order', ['patient/Observation.rs?category=a&category=b'], ['patient/Observation.rs?category=b&category=a'], true],
    ['v1 read within v2 rs', ['patient/Observation.read'], ['patient/Observation.rs'], true],
    ['v2 rs within v1 read', ['patient/Observation.rs'], ['patient/Observation.read'], true],
    ['v2 cruds within v1 *', ['user/*.cruds'], ['user/*.*'], true],
    ['v1 * not within v1 read', ['patient/Observation.*'], ['patient/Observation.read'], false],
    ['rs within r plus s (scope equivalence)', ['patient/Observation.rs'], ['patient/Observation.r', 'patient/Observation.s'], true],
    ['rs within r plus a wildcard s', ['patient/Observation.rs'], ['patient/Observation.r', 'patient/*.s'], true],
    ['a malformed scope', ['patient/Observation.sr'], ['patient/Observation.rs'], false],
    ['launch/patient is not launch', ['launch/patient'], ['launch'], false],
    ['offline_access within itself', ['offline_access'], ['offline_access', 'openid'], true],
    ['online_access is not offline_access', ['online_access'], ['offline_access'], false],
  ];
  for (const [name, requested, original, expected] of rows) {
    it(`${expected ? 'accepts' : 'refuses'} ${name}`, () => assert.equal(isSubsetOf(requested, original), expected));
  }

  it('names the scopes beyond the original grant', () => {
    assert.deepEqual(uncoveredScopes(['openid', 'patient/Observation.cruds', 'foo'], ['openid', 'patient/*.rs']), [
      { scope: 'patient/Observation.cruds', reason: 'not within the original grant' },
      { scope: 'foo', reason: 'unknown scope' },
    ]);
  });
});
