/**
 * Routing a path below the FHIR base (R4 http.html): reads and the paths around them, whose
 * answers must not depend on which way the router takes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OperationOutcomeError } from '../../src/errors/operation-outcome.js';
import { routeRequest } from '../../src/fhir/route-request.js';

const status = (method: string, path: string): number => {
  try {
    routeRequest(method, path);
    return 0;
  } catch (error) {
    return (error as OperationOutcomeError).status;
  }
};

describe('routeRequest', () => {
  it('routes reads, with or without a trailing slash or an escape', () => {
    for (const path of ['/Patient/pt-1', '/Patient/pt-1/', '/Patient/%70t-1', '//Patient//pt-1']) {
      assert.deepEqual(routeRequest('GET', path), { resourceType: 'Patient', id: 'pt-1', interaction: 'read' }, path);
    }
    assert.deepEqual(routeRequest('GET', `/Observation/${'a'.repeat(64)}`), { resourceType: 'Observation', id: 'a'.repeat(64), interaction: 'read' });
    assert.deepEqual(routeRequest('PUT', '/Patient/pt-1'), { resourceType: 'Patient', id: 'pt-1', interaction: 'update' });
  });

  it('refuses what is not a read of a known type', () => {
    assert.equal(status('GET', '/patient/pt-1'), 404, 'type names are case-sensitive');
    assert.equal(status('GET', '/NoSuchType/pt-1'), 404);
    assert.equal(status('GET', `/Patient/${'a'.repeat(65)}`), 400, 'ids have at most 64 characters');
    assert.equal(status('GET', '/Patient/$everything'), 404);
    assert.equal(status('POST', '/Patient/pt-1'), 405);
    assert.deepEqual(routeRequest('GET', '/Patient/_history'), { resourceType: 'Patient', interaction: 'history-type' });
    assert.deepEqual(routeRequest('GET', '/metadata'), { interaction: 'capabilities' });
  });
});
