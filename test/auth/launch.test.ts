/**
 * The authorization server, part 2: the launches (contract §2-3): authorize endpoint, scope
 * negotiation, interaction pages, EHR launcher, and all of it mounted under a sub-path.
 */
import './cases/authorize.js';
import './cases/scopes.js';
import './cases/interaction.js';
import './cases/launcher.js';
import './cases/mounted.js';
