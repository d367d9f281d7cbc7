/**
 * The read path's kept bytes are bounded: reading every resource must not keep a second copy
 * of the whole data set.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BytesCache } from '../../src/fhir/http/bytes-cache.js';

describe('the bytes kept for reads', () => {
  it('keeps at most its budget, forgetting the oldest versions first', () => {
    const cache = new BytesCache(100);
    const versions = Array.from({ length: 5 }, () => ({}));
    for (const v of versions) cache.set(v, Buffer.alloc(30));
    assert.ok(cache.size <= 100, `holds ${cache.size} bytes`);
    assert.equal(cache.get(versions[0]!), undefined);
    assert.equal(cache.get(versions[1]!), undefined);
    for (const v of versions.slice(2)) assert.equal(cache.get(v)?.length, 30);
  });

  it('does not keep a body larger than the whole budget, and counts a version once', () => {
    const cache = new BytesCache(100);
    const big = {};
    cache.set(big, Buffer.alloc(101));
    assert.equal(cache.get(big), undefined);
    const v = {};
    cache.set(v, Buffer.alloc(40));
    cache.set(v, Buffer.alloc(40));
    assert.equal(cache.size, 40);
  });
});
