import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assert400, ids, makeStore } from './fixtures.js';

const UCUM = 'http://unitsofmeasure.org';
const obs = (id: string, valueQuantity: Record<string, unknown>) => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  code: {},
  valueQuantity,
});

const { store } = makeStore([
  obs('q1', { value: 5.4, unit: 'mg/dL', system: UCUM, code: 'mg/dL' }),
  obs('q2', { value: 5.35, unit: 'mg/dL', system: UCUM, code: 'mg/dL' }),
  obs('q3', { value: 5.45, unit: 'mg/dL', system: UCUM, code: 'mg/dL' }),
  obs('q4', { value: 6, unit: 'mmol/L', system: UCUM, code: 'mmol/L' }),
  obs('q5', { value: 5.4, unit: 'mg' }),
  { resourceType: 'Observation', id: 'text', status: 'final', code: {}, valueString: '5.4' },
]);

const q = (value: string): string[] => ids(store, 'Observation', `value-quantity=${encodeURIComponent(value)}`);

describe('quantity search', () => {
  it('eq uses the precision of the value: 5.4 is [5.35, 5.45)', () => {
    assert.deepEqual(q('5.4'), ['q1', 'q2', 'q5']);
    assert.deepEqual(q('eq5.4'), ['q1', 'q2', 'q5']);
    assert.deepEqual(q('5.40'), ['q1', 'q5']);
    assert.deepEqual(q('6'), ['q4']);
  });

  it('matches system and code, or code or unit with an empty system', () => {
    assert.deepEqual(q(`5.4|${UCUM}|mg/dL`), ['q1', 'q2']);
    assert.deepEqual(q('5.4||mg'), ['q5']);
    assert.deepEqual(q('5.4||mg/dL'), ['q1', 'q2']);
    assert.deepEqual(q(`6|${UCUM}|mg/dL`), []);
  });

  it('compares with every prefix', () => {
    assert.deepEqual(q('ne5.4'), ['q3', 'q4']);
    assert.deepEqual(q('gt5.4'), ['q3', 'q4']);
    assert.deepEqual(q('lt5.4'), ['q2']);
    assert.deepEqual(q('ge5.4'), ['q1', 'q2', 'q3', 'q4', 'q5']);
    assert.deepEqual(q('le5.4'), ['q1', 'q2', 'q5']);
    assert.deepEqual(q('sa5.4'), ['q3', 'q4']);
    assert.deepEqual(q('eb5.45'), ['q1', 'q2', 'q5']);
    assert.deepEqual(q('ap5'), ['q1', 'q2', 'q3', 'q5'], 'within 10% of 5');
    assert.deepEqual(q(`gt5|${UCUM}|mmol/L`), ['q4']);
  });

  it('rejects malformed quantities', () => {
    assert400(() => q('abc'), 'value-quantity', 'abc');
    assert400(() => q('5|mg'), 'value-quantity');
    assert400(() => q('zz5'), 'zz5');
    assert400(() => q('5.4.1'), '5.4.1');
  });
});
