/**
 * The authorization server, part 1: discovery (contract §1), keys, clients and registration,
 * options and flags, and the small pure checks. Each case file is one feature; they share
 * this process so the suite starts fewer processes.
 */
import './cases/discovery.js';
import './cases/keys.js';
import './cases/registration.js';
import './cases/options.js';
import './cases/units.js';
