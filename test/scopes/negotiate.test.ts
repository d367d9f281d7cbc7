import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { negotiate } from '../../src/scopes/index.js';
import type { NegotiateOptions } from '../../src/scopes/index.js';

const LAB = 'http://terminology.hl7.org/CodeSystem/observation-category|laboratory';
const EHR: NegotiateOptions = { context: 'ehr' };
const STANDALONE: NegotiateOptions = { context: 'standalone' };
const BACKEND: NegotiateOptions = { context: 'backend' };

interface Row {
  name: string;
  requested: string;
  allowed: string[];
  options: NegotiateOptions;
  granted: string[];
  /** Rejected scopes, each with a pattern its reason must match. */
  rejected?: [string, RegExp][];
}

const rows: Row[] = [
  { name: 'grants an allowed scope verbatim', requested: 'patient/Observation.rs', allowed: ['patient/*.rs'], options: EHR, granted: ['patient/Observation.rs'] },
  { name: 'a v1 request stays v1', requested: 'patient/Observation.read', allowed: ['patient/*.cruds'], options: EHR, granted: ['patient/Observation.read'] },
  { name: 'a v1 wildcard request stays v1', requested: 'user/*.*', allowed: ['user/*.cruds'], options: EHR, granted: ['user/*.*'] },
  { name: 'v1 .* narrowed to read is written .read', requested: 'patient/Observation.*', allowed: ['patient/*.rs'], options: EHR, granted: ['patient/Observation.read'] },
  { name: 'v1 .* narrowed to write is written .write', requested: 'patient/Observation.*', allowed: ['patient/*.cud'], options: EHR, granted: ['patient/Observation.write'] },
  { name: 'v1 .* narrowed by a v1 registration', requested: 'patient/Observation.*', allowed: ['patient/*.read'], options: EHR, granted: ['patient/Observation.read'] },
  {
    name: 'a v1 narrowing v1 cannot express is rejected',
    requested: 'patient/Observation.*',
    allowed: ['patient/*.r'],
    options: EHR,
    granted: [],
    rejected: [['patient/Observation.*', /v1 scope cannot express/]],
  },
  { name: 'v2 cruds narrowed to the registered rs', requested: 'patient/Observation.cruds', allowed: ['patient/*.rs'], options: EHR, granted: ['patient/Observation.rs'] },
  { name: 'v2 narrowing keeps v2 letters', requested: 'patient/Observation.rs', allowed: ['patient/Observation.r'], options: EHR, granted: ['patient/Observation.r'] },
  { name: 'a v2 request against a v1 registration', requested: 'patient/Observation.rs', allowed: ['patient/*.read'], options: EHR, granted: ['patient/Observation.rs'] },
  {
    name: 'registered patterns add up',
    requested: 'patient/Observation.cruds',
    allowed: ['patient/Observation.rs', 'patient/*.cud'],
    options: EHR,
    granted: ['patient/Observation.cruds'],
  },
  {
    name: 'a wildcard request against named registrations becomes one scope per type',
    requested: 'patient/*.rs',
    allowed: ['patient/Observation.rs', 'patient/Condition.r'],
    options: EHR,
    granted: ['patient/Observation.rs', 'patient/Condition.r'],
  },
  {
    name: 'a wildcard request keeps the wildcard part and adds what named types add',
    requested: 'patient/*.rs',
    allowed: ['patient/*.s', 'patient/Observation.rs'],
    options: EHR,
    granted: ['patient/*.s', 'patient/Observation.rs'],
  },
  { name: 'a specific type is within a registered wildcard', requested: 'user/Patient.r', allowed: ['user/*.cruds'], options: EHR, granted: ['user/Patient.r'] },
  {
    name: 'another context is not covered',
    requested: 'user/Observation.rs',
    allowed: ['patient/*.cruds'],
    options: EHR,
    granted: [],
    rejected: [['user/Observation.rs', /not among the scopes this client is registered for/]],
  },
  {
    name: 'another type is not covered',
    requested: 'patient/Condition.rs',
    allowed: ['patient/Observation.cruds'],
    options: STANDALONE,
    granted: [],
    rejected: [['patient/Condition.rs', /registered/]],
  },
  {
    name: 'system/ scopes are refused in an EHR launch',
    requested: 'system/*.rs patient/*.rs',
    allowed: ['system/*.rs', 'patient/*.rs'],
    options: EHR,
    granted: ['patient/*.rs'],
    rejected: [['system/*.rs', /backend services/]],
  },
  {
    name: 'system/ scopes are refused in a standalone launch',
    requested: 'system/Observation.rs',
    allowed: ['system/*.rs'],
    options: STANDALONE,
    granted: [],
    rejected: [['system/Observation.rs', /backend services/]],
  },
  {
    name: 'backend services get system/ scopes only',
    requested: 'system/Observation.rs patient/Observation.rs user/Observation.rs openid offline_access launch launch/patient',
    allowed: ['system/*.rs', 'patient/*.rs', 'user/*.rs', 'openid', 'offline_access', 'launch', 'launch/patient'],
    options: BACKEND,
    granted: ['system/Observation.rs'],
    rejected: [
      ['patient/Observation.rs', /system\/ scopes only/],
      ['user/Observation.rs', /system\/ scopes only/],
      ['openid', /system\/ scopes only/],
      ['offline_access', /system\/ scopes only/],
      ['launch', /system\/ scopes only/],
      ['launch/patient', /system\/ scopes only/],
    ],
  },
  {
    name: 'backend system/ scopes are narrowed to the registration',
    requested: 'system/*.cruds',
    allowed: ['system/*.rs'],
    options: BACKEND,
    granted: ['system/*.rs'],
  },
  { name: 'launch is granted in an EHR launch', requested: 'launch', allowed: ['launch'], options: EHR, granted: ['launch'] },
  {
    name: 'launch without an EHR launch context is rejected',
    requested: 'launch patient/*.rs',
    allowed: ['launch', 'patient/*.rs'],
    options: STANDALONE,
    granted: ['patient/*.rs'],
    rejected: [['launch', /needs an EHR launch/]],
  },
  {
    name: 'launch/patient in a standalone launch is granted (the picker provides the patient)',
    requested: 'launch/patient launch/encounter',
    allowed: ['launch/patient', 'launch/encounter'],
    options: { context: 'standalone', launchContext: { patient: false, encounter: false } },
    granted: ['launch/patient', 'launch/encounter'],
  },
  {
    name: 'launch/patient in an EHR launch with a patient is granted',
    requested: 'launch launch/patient',
    allowed: ['launch', 'launch/patient'],
    options: { context: 'ehr', launchContext: { patient: true } },
    granted: ['launch', 'launch/patient'],
  },
  {
    name: 'an EHR launch without a patient refuses launch/patient and patient/ scopes',
    requested: 'launch launch/patient patient/Observation.rs user/Observation.rs',
    allowed: ['launch', 'launch/patient', 'patient/*.rs', 'user/*.rs'],
    options: { context: 'ehr', launchContext: { patient: false } },
    granted: ['launch', 'user/Observation.rs'],
    rejected: [
      ['launch/patient', /no patient in context/],
      ['patient/Observation.rs', /need a patient in context/],
    ],
  },
  {
    name: 'an EHR launch without an encounter refuses launch/encounter',
    requested: 'launch launch/encounter',
    allowed: ['launch', 'launch/encounter'],
    options: { context: 'ehr', launchContext: { patient: true, encounter: false } },
    granted: ['launch'],
    rejected: [['launch/encounter', /no encounter in context/]],
  },
  {
    name: 'a launch scope must be registered too',
    requested: 'launch/encounter',
    allowed: ['launch/patient'],
    options: STANDALONE,
    granted: [],
    rejected: [['launch/encounter', /registered/]],
  },
  { name: 'offline_access is granted when registered', requested: 'offline_access', allowed: ['offline_access'], options: STANDALONE, granted: ['offline_access'] },
  {
    name: 'offline_access is rejected when not registered',
    requested: 'offline_access online_access',
    allowed: ['online_access'],
    options: STANDALONE,
    granted: ['online_access'],
    rejected: [['offline_access', /registered/]],
  },
  {
    name: 'identity scopes are granted when registered',
    requested: 'openid fhirUser profile',
    allowed: ['openid', 'fhirUser'],
    options: EHR,
    granted: ['openid', 'fhirUser'],
    rejected: [['profile', /registered/]],
  },
  {
    name: 'a granular scope is granted verbatim',
    requested: `patient/Observation.rs?category=${LAB}`,
    allowed: ['patient/*.rs'],
    options: STANDALONE,
    granted: [`patient/Observation.rs?category=${LAB}`],
  },
  {
    name: 'a granular scope is narrowed with its filter kept',
    requested: `patient/Observation.cruds?category=${LAB}`,
    allowed: ['patient/*.rs'],
    options: STANDALONE,
    granted: [`patient/Observation.rs?category=${LAB}`],
  },
  {
    name: 'a granular filter this server cannot enforce is rejected',
    requested: 'patient/Observation.rs?code=http://loinc.org|1234-5 patient/Patient.rs?category=x patient/*.rs?category=x',
    allowed: ['patient/*.rs'],
    options: STANDALONE,
    granted: [],
    rejected: [
      ['patient/Observation.rs?code=http://loinc.org|1234-5', /"code" is not enforced/],
      ['patient/Patient.rs?category=x', /Patient supports none/],
      ['patient/*.rs?category=x', /wildcard/],
    ],
  },
  {
    name: 'a registered filtered pattern covers only the same filter',
    requested: `patient/Observation.rs patient/Observation.rs?category=${LAB}`,
    allowed: [`patient/Observation.rs?category=${LAB}`],
    options: STANDALONE,
    granted: [`patient/Observation.rs?category=${LAB}`],
    rejected: [['patient/Observation.rs', /registered/]],
  },
  {
    name: 'malformed and unknown scopes are rejected with their parse reason',
    requested: 'foo patient/Observation.sr patient/Observation.rs',
    allowed: ['patient/*.rs'],
    options: EHR,
    granted: ['patient/Observation.rs'],
    rejected: [
      ['foo', /unknown scope/],
      ['patient/Observation.sr', /out of order/],
    ],
  },
  {
    name: 'a scope granted twice appears once',
    requested: 'patient/Observation.*  patient/Observation.read',
    allowed: ['patient/*.rs'],
    options: EHR,
    granted: ['patient/Observation.read'],
  },
  { name: 'an empty request grants nothing', requested: '', allowed: ['patient/*.rs'], options: EHR, granted: [] },
];

describe('negotiate', () => {
  for (const row of rows) {
    it(row.name, () => {
      const r = negotiate(row.requested, row.allowed, row.options);
      assert.deepEqual(r.granted, row.granted);
      assert.deepEqual(
        r.rejected.map((x) => x.scope),
        (row.rejected ?? []).map(([s]) => s),
      );
      for (const [i, [, reason]] of (row.rejected ?? []).entries()) assert.match(r.rejected[i]!.reason, reason);
    });
  }

  it('accepts the request as a list too', () => {
    assert.deepEqual(negotiate(['openid', 'fhirUser'], ['openid', 'fhirUser'], EHR).granted, ['openid', 'fhirUser']);
  });

  it('reports what it narrowed, and to what', () => {
    const r = negotiate('patient/Observation.cruds patient/Condition.rs', ['patient/*.rs'], EHR);
    assert.deepEqual(
      r.narrowed.map((n) => [n.scope, n.to]),
      [['patient/Observation.cruds', ['patient/Observation.rs']]],
    );
  });

  it('says which launch context the grant needs', () => {
    const allowed = ['patient/*.rs', 'user/*.rs', 'launch/patient', 'launch/encounter', 'openid'];
    assert.deepEqual(negotiate('patient/Observation.rs', allowed, STANDALONE).requiresContext, { patient: true, encounter: false });
    assert.deepEqual(negotiate('user/Observation.rs openid', allowed, STANDALONE).requiresContext, { patient: false, encounter: false });
    assert.deepEqual(negotiate('launch/patient launch/encounter', allowed, STANDALONE).requiresContext, {
      patient: true,
      encounter: true,
    });
  });

  it('ignores registered patterns that do not parse', () => {
    assert.deepEqual(negotiate('patient/Observation.rs', ['patient/Observation.sr', 'bogus'], EHR).granted, []);
  });
});
