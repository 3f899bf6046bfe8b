// results.schema.json, generated from the zod contract (results.ts) so the published JSON Schema
// cannot drift from the type the code writes. `npm run schema` writes it; a test fails when the
// committed file differs from what this returns.
import { z } from 'zod';
import { resultsSchema } from './results.ts';

type JsonSchema = z.core.JSONSchema.BaseSchema;

/** Bounds zod adds to every integer (±2^53 − 1): true of every JSON number a tool reads, so noise. */
function dropSafeIntegerBounds(json: JsonSchema): void {
  if (json.type !== 'integer') return;
  if (json.maximum === Number.MAX_SAFE_INTEGER) delete json.maximum;
  if (json.minimum === Number.MIN_SAFE_INTEGER) delete json.minimum;
}

/** `propertyNames: { type: "string" }` says what JSON already guarantees of every key. */
function dropStringKeyNames(json: JsonSchema): void {
  const names = json.propertyNames;
  const onlyType = typeof names === 'object' && Object.keys(names).length === 1 && names.type === 'string';
  if (onlyType) delete json.propertyNames;
}

export function resultsJsonSchema(): JsonSchema {
  const { $schema, $id, title, description, ...body } = z.toJSONSchema(resultsSchema, {
    // ajv's default export and most validators speak draft-07; the old hand-written file did too.
    target: 'draft-07',
    // The input side: z.object then sets no `additionalProperties: false`, so writers may add fields.
    io: 'input',
    override: ({ jsonSchema }) => {
      dropSafeIntegerBounds(jsonSchema);
      dropStringKeyNames(jsonSchema);
    },
  });
  // What the file is comes first for a reader; zod puts the metadata after the properties.
  const head = Object.fromEntries(
    Object.entries({ $schema, $id, title, description }).filter(([, v]) => v !== undefined),
  );
  return { ...head, ...body } as JsonSchema;
}
