/**
 * Search parameters of the administrative resource types (R4 search parameter registry and
 * each resource page's "Search Parameters" section; US Core 3.1.1 Patient and Practitioner).
 */
import { addressRows, date, forType, nameRows, reference, string, telecomRows, token, uri } from './define.js';
import type { Row } from './define.js';
import type { SearchParameterDefinition } from './types.js';

const US_CORE_SD = 'http://hl7.org/fhir/us/core/StructureDefinition';

/** A US Core parameter, with the canonical URL of its SearchParameter. */
const usCore = (row: Row, id: string): Row => ({ ...row, url: `http://hl7.org/fhir/us/core/SearchParameter/${id}` });

const patient = forType('Patient', [
  token('active', ['active'], 'Whether the patient record is active'),
  ...addressRows(),
  date('birthdate', ['birthDate'], "The patient's date of birth"),
  date('death-date', ['deceasedDateTime'], 'The date of death has been provided and satisfies this search value'),
  ...telecomRows(),
  ...nameRows(),
  token('gender', ['gender'], 'Gender of the patient'),
  reference('general-practitioner', ['generalPractitioner'], ['Organization', 'Practitioner', 'PractitionerRole'], "Patient's nominated general practitioner"),
  token('identifier', ['identifier'], 'A patient identifier'),
  token('language', ['communication.language'], 'Language code (irrespective of use value)'),
  reference('link', ['link.other'], ['Patient', 'RelatedPerson'], 'All patients linked to the given patient'),
  reference('organization', ['managingOrganization'], ['Organization'], 'The organization that is the custodian of the patient record'),
  // US Core race and ethnicity: the codes of the extension's ombCategory and detailed codings.
  usCore(token('ethnicity', [`extension[url=${US_CORE_SD}/us-core-ethnicity].extension.valueCoding`], 'Returns patients with an ethnicity extension matching the specified code'), 'us-core-ethnicity'),
  usCore(token('race', [`extension[url=${US_CORE_SD}/us-core-race].extension.valueCoding`], 'Returns patients with a race extension matching the specified code'), 'us-core-race'),
]);

const practitioner = forType('Practitioner', [
  token('active', ['active'], 'Whether the practitioner record is active'),
  ...addressRows(),
  token('communication', ['communication'], 'One of the languages that the practitioner can communicate with'),
  ...telecomRows(),
  ...nameRows(),
  token('gender', ['gender'], 'Gender of the practitioner'),
  token('identifier', ['identifier'], "A practitioner's Identifier"),
]);

const practitionerRole = forType('PractitionerRole', [
  token('active', ['active'], 'Whether this practitioner role record is in active use'),
  date('date', ['period'], 'The period during which the practitioner is authorized to perform in these role(s)'),
  ...telecomRows(),
  reference('endpoint', ['endpoint'], ['Endpoint'], 'Technical endpoints providing access to services operated for the practitioner with this role'),
  token('identifier', ['identifier'], "A practitioner's Identifier"),
  reference('location', ['location'], ['Location'], 'One of the locations at which this practitioner provides care'),
  reference('organization', ['organization'], ['Organization'], 'The identity of the organization the practitioner represents / acts on behalf of'),
  reference('practitioner', ['practitioner'], ['Practitioner'], 'Practitioner that is able to provide the defined services for the organization'),
  token('role', ['code'], 'The practitioner can perform this role at for the organization'),
  reference('service', ['healthcareService'], ['HealthcareService'], 'The list of healthcare services that this worker provides for this role'),
  token('specialty', ['specialty'], 'The practitioner has this specialty at an organization'),
]);

const relatedPerson = forType('RelatedPerson', [
  token('active', ['active'], 'Indicates if the related person record is active'),
  ...addressRows(),
  date('birthdate', ['birthDate'], "The Related Person's date of birth"),
  ...telecomRows(),
  token('gender', ['gender'], 'Gender of the related person'),
  token('identifier', ['identifier'], 'An Identifier of the RelatedPerson'),
  string('name', ['name'], 'Any part of a name (family, given, prefix, suffix, text)'),
  reference('patient', ['patient'], ['Patient'], 'The patient this related person is related to'),
  token('relationship', ['relationship'], 'The relationship between the patient and the relatedperson'),
]);

const organization = forType('Organization', [
  token('active', ['active'], "Is the Organization record active"),
  ...addressRows(),
  reference('endpoint', ['endpoint'], ['Endpoint'], 'Technical endpoints providing access to services operated for the organization'),
  token('identifier', ['identifier'], 'Any identifier for the organization (not the accreditation issuer\'s identifier)'),
  string('name', ['name', 'alias'], "A portion of the organization's name or alias"),
  reference('partof', ['partOf'], ['Organization'], 'An organization of which this organization forms a part'),
  token('type', ['type'], 'A code for the type of organization'),
]);

const location = forType('Location', [
  ...addressRows(),
  reference('endpoint', ['endpoint'], ['Endpoint'], 'Technical endpoints providing access to services operated for the location'),
  token('identifier', ['identifier'], 'An identifier for the location'),
  string('name', ['name', 'alias'], "A portion of the location's name or alias"),
  token('operational-status', ['operationalStatus'], 'Searches for locations (typically bed/room) that have an operational status'),
  reference('organization', ['managingOrganization'], ['Organization'], 'Searches for locations that are managed by the provided organization'),
  reference('partof', ['partOf'], ['Location'], 'A location of which this location is a part'),
  token('status', ['status'], 'Searches for locations with a specific kind of status'),
  token('type', ['type'], 'A code for the type of location'),
]);

const medication = forType('Medication', [
  token('code', ['code'], 'Returns medications for a specific code'),
  date('expiration-date', ['batch.expirationDate'], 'Returns medications in a batch with this expiration date'),
  token('form', ['form'], 'Returns medications for a specific dose form'),
  token('identifier', ['identifier'], 'Returns medications with this external identifier'),
  reference('ingredient', ['ingredient.itemReference'], ['Substance', 'Medication'], 'Returns medications for this ingredient reference'),
  token('ingredient-code', ['ingredient.itemCodeableConcept'], 'Returns medications for this ingredient code'),
  token('lot-number', ['batch.lotNumber'], 'Returns medications in a batch with this lot number'),
  reference('manufacturer', ['manufacturer'], ['Organization'], 'Returns medications made or sold for this manufacturer'),
  token('status', ['status'], 'Returns medications for this status'),
]);

const device = forType('Device', [
  string('device-name', ['deviceName.name', 'type.coding.display', 'type.text'], 'A server defined search that may match any of the string fields in Device.deviceName or Device.type'),
  token('identifier', ['identifier'], 'Instance id from manufacturer, owner, and others'),
  reference('location', ['location'], ['Location'], 'A location, where the resource is found'),
  string('manufacturer', ['manufacturer'], 'The manufacturer of the device'),
  string('model', ['modelNumber'], 'The model of the device'),
  reference('organization', ['owner'], ['Organization'], 'The organization responsible for the device'),
  reference('patient', ['patient'], ['Patient'], 'Patient information, if the resource is affixed to a person'),
  token('status', ['status'], 'active | inactive | entered-in-error | unknown'),
  token('type', ['type'], 'The type of the device'),
  string('udi-carrier', ['udiCarrier.carrierHRF'], 'UDI Barcode (RFID or other technology) string in HRF format'),
  string('udi-di', ['udiCarrier.deviceIdentifier'], 'The udi Device Identifier (DI)'),
  uri('url', ['url'], 'Network address to contact device'),
]);

const coverage = forType('Coverage', [
  reference('beneficiary', ['beneficiary'], ['Patient'], 'Covered party'),
  token('class-type', ['class.type'], 'Coverage class (eg. plan, group)'),
  string('class-value', ['class.value'], 'Value of the class (eg. Plan number, group number)'),
  string('dependent', ['dependent'], 'Dependent number'),
  token('identifier', ['identifier'], 'The primary identifier of the insured and the coverage'),
  reference('patient', ['beneficiary'], ['Patient'], 'Retrieve coverages for a patient'),
  reference('payor', ['payor'], ['Organization', 'Patient', 'RelatedPerson'], 'The identity of the insurer or party paying for services'),
  reference('policy-holder', ['policyHolder'], ['Organization', 'Patient', 'RelatedPerson'], 'Reference to the policyholder'),
  token('status', ['status'], 'The status of the Coverage'),
  reference('subscriber', ['subscriber'], ['Patient', 'RelatedPerson'], 'Reference to the subscriber'),
  token('type', ['type'], 'The kind of coverage (health plan, auto, Workers Compensation)'),
]);

/** The administrative tables, by resource type. */
export const ADMIN_DEFINITIONS: readonly (readonly SearchParameterDefinition[])[] = [
  patient,
  practitioner,
  practitionerRole,
  relatedPerson,
  organization,
  location,
  medication,
  device,
  coverage,
];
