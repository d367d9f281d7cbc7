/**
 * The authorization server, part 3: tokens (contract §4-5): the code exchange, client
 * authentication, refresh, id_token, introspection, revocation and the Bearer check; and
 * SMART Backend Services (client_credentials, client keys by URL).
 */
import './cases/token.js';
import './cases/client-auth.js';
import './cases/refresh.js';
import './cases/id-token.js';
import './cases/introspect-revoke.js';
import './cases/bearer.js';
import './cases/backend-services.js';
import './cases/jwks-url.js';
