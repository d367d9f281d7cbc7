/**
 * The bytes kept per stored version for reads (fhir/http/send.ts) are kept only for a stored
 * version: a body made for one response (a searchset or history Bundle without entries, a
 * `_summary=count` page, a subsetted read, an OperationOutcome, the CapabilityStatement) is
 * never asked for again, and keeping it would hold its object and push out the bytes reads use.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import express from 'express';
import request from 'supertest';
import { createResponseCache, sendResult } from '../../src/fhir/http/send.js';
import type { FhirResult } from '../../src/fhir/request.js';

describe('the bytes kept for responses', () => {
  const cache = createResponseCache();
  let next: FhirResult = { status: 200 };
  const app = express();
  app.get('/', (_req, res) => sendResult(res, next, undefined, false, cache));

  it('keeps none for a body made for one response, and a stored version\'s once', async () => {
    const made: FhirResult[] = [
      { status: 200, body: { resourceType: 'Bundle', id: 'b', meta: { lastUpdated: '2026-01-01T00:00:00.000Z' }, type: 'searchset', total: 0, link: [] } },
      { status: 200, body: { resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational' }] } },
      { status: 200, body: { resourceType: 'Patient', id: 'p', meta: { versionId: '1', tag: [{ code: 'SUBSETTED' }] } } },
    ];
    for (const result of made) {
      next = result;
      const res = await request(app).get('/').expect(200);
      assert.deepEqual(res.body, result.body);
    }
    assert.equal(cache.bytes.size, 0, 'nothing kept for bodies made for one response');
    const version = { resourceType: 'Patient', id: 'p', meta: { versionId: '1' } };
    next = { status: 200, body: version, stored: true };
    const first = await request(app).get('/').expect(200);
    await request(app).get('/').expect(200);
    assert.equal(cache.bytes.size, Buffer.byteLength(first.text), 'a stored version kept once');
    assert.equal(cache.bytes.get(version)?.toString(), first.text);
  });
});
