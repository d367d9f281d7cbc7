/**
 * Real SMART client libraries against the sandbox, headless in Node: fhirclient
 * (smart-on-fhir's client-js) and openid-client, for app launches and backend services; and
 * the backend services example of the docs, run against the `mock-ehr` command.
 */
process.env.NODE_ENV = 'test'; // fhirclient caches discovery per URL for its lifetime otherwise

await import('./cases/fhirclient.js');
await import('./cases/openid-client.js');
await import('./cases/scope-enforcement.js');
await import('./cases/backend-services.js');
