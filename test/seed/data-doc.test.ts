import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { defaultDataSet, generatedPart, HAND_WRITTEN_MARKER, renderDataDoc } from '../../scripts/data-doc.js';

describe('docs/data.md', () => {
  it('describes the default data set: every resource type and profile, with its count', () => {
    const page = readFileSync(new URL('../../docs/data.md', import.meta.url), 'utf8');
    assert.ok(page.includes(HAND_WRITTEN_MARKER), 'docs/data.md keeps its hand-written sections after the marker');
    assert.equal(generatedPart(page), renderDataDoc(defaultDataSet()), 'run `npx tsx scripts/data-doc.ts` to regenerate docs/data.md');
  });
});
