/**
 * Every US Core 6.1 and 7.0 profile has data in the default seed: resources claim it in
 * meta.profile, and each must-support element, slice and extension appears in at least one
 * of them (the conformance kit's must-support rule, https://hl7.org/fhir/us/core/STU6.1/must-support.html).
 * What the data does not cover yet is listed in `us-core-gaps.ts`; the test fails on any
 * other gap, and on a listed gap that the data now covers (so the list stays true).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultData, type Json } from './helpers.js';
import { KNOWN_GAPS } from './us-core-gaps.js';
import { claiming, loadProfiles, missingMustSupports, US_CORE_VERSIONS } from './us-core-metadata.js';

const data = defaultData() as Json[];

for (const version of US_CORE_VERSIONS) {
  describe(`US Core ${version} must-support coverage of the default seed`, () => {
    for (const profile of loadProfiles(version)) {
      it(`${profile.name}: resources claim ${profile.profile_url} and show every must-support`, () => {
        const resources = claiming(data, profile);
        const missing = resources.length === 0 ? [`no ${profile.resource} claims the profile`] : missingMustSupports(profile, resources);
        const known = KNOWN_GAPS[`${version} ${profile.name}`] ?? [];
        assert.deepEqual(
          missing.filter((m) => !known.includes(m)),
          [],
          `${profile.name} ${version} (${resources.length} ${profile.resource}) lacks:\n  ${missing.join('\n  ')}`,
        );
        assert.deepEqual(known.filter((m) => !missing.includes(m)), [], `${profile.name} ${version}: listed gaps that the data now covers`);
      });
    }
  });
}
