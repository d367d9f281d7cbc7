import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assert400, ids, makeStore } from './fixtures.js';

const { store } = makeStore([
  {
    resourceType: 'Patient',
    id: 'pa',
    name: [{ family: 'Müller', given: ['José', 'Maria'], prefix: ['Dr.'] }],
    address: [{ line: ['1 Main St'], city: 'Springfield', state: 'IL', postalCode: '62701' }],
  },
  { resourceType: 'Patient', id: 'pb', name: [{ family: 'Mullins', given: ['Ann'] }], address: [{ city: 'Shelbyville' }] },
  { resourceType: 'Patient', id: 'pc', name: [{ text: 'Bob Smith', family: 'Smith', given: ['Bob'] }] },
  { resourceType: 'Practitioner', id: 'd1', name: [{ family: 'Ngô', given: ['Thảo'] }] },
]);

const q = (query: string): string[] => ids(store, 'Patient', query);

describe('string search', () => {
  it('is a case- and accent-insensitive starts-with by default', () => {
    assert.deepEqual(q('family=muller'), ['pa']);
    assert.deepEqual(q('family=MUL'), ['pa', 'pb']);
    assert.deepEqual(q('family=ller'), [], 'not a contains match');
    assert.deepEqual(ids(store, 'Practitioner', 'given=thao'), ['d1']);
  });

  it(':exact is a whole, case- and accent-sensitive match', () => {
    assert.deepEqual(q('family:exact=Müller'), ['pa']);
    assert.deepEqual(q('family:exact=Muller'), []);
    assert.deepEqual(q('family:exact=müller'), []);
    assert.deepEqual(q('family:exact=Mül'), []);
  });

  it(':contains matches anywhere, ignoring case and accents', () => {
    assert.deepEqual(q('family:contains=LL'), ['pa', 'pb']);
    assert.deepEqual(q('name:contains=ith'), ['pc']);
  });

  it('name matches any part of a HumanName', () => {
    assert.deepEqual(q('name=jose'), ['pa'], 'given');
    assert.deepEqual(q('name=dr'), ['pa'], 'prefix');
    assert.deepEqual(q('name=bob s'), ['pc'], 'text');
    assert.deepEqual(q('given=maria'), ['pa']);
  });

  it('address matches any part of an Address; address-city only the city', () => {
    assert.deepEqual(q('address=springf'), ['pa']);
    assert.deepEqual(q('address=62701'), ['pa']);
    assert.deepEqual(q('address=1 main'), ['pa']);
    assert.deepEqual(q('address-city=shelby'), ['pb']);
    assert.deepEqual(q('address-city=62701'), []);
  });

  it('ORs commas and ANDs repeats', () => {
    assert.deepEqual(q('family=smith,mullins'), ['pb', 'pc']);
    assert.deepEqual(q('family=m&given=ann'), ['pb']);
  });

  it('rejects unknown string modifiers', () => {
    assert400(() => q('family:text=x'), ':text', 'family');
  });
});
