/**
 * Rewrites test/output/output-digest.json from the code as it is: `npm run digest:update`.
 * Run it only when the served output is meant to change (new seed data, a new element),
 * and say so in the commit; a change to how resources are stored must leave it alone.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { computeOutputDigest, DIGEST_FILE } from './output-digest.js';

const digest = await computeOutputDigest();
writeFileSync(DIGEST_FILE, `${JSON.stringify(digest, null, 2)}\n`);
console.log(`${fileURLToPath(DIGEST_FILE)}: ${digest.resourceCount} resources, ${Object.keys(digest.responses).length} responses`);
