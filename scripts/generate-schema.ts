// `npm run schema`: writes results.schema.json from the zod contract (harness/contracts/results.ts).
// Run it after changing the contract; test/results-schema-is-generated-from-the-contract.test.ts
// fails until the committed file matches.
import path from 'node:path';
import { resultsJsonSchema } from '../harness/contracts/results-json-schema.ts';
import { writeJsonAtomic } from '../harness/shared/write-atomic.ts';

const file = path.resolve(import.meta.dirname, '..', 'results.schema.json');
await writeJsonAtomic(file, resultsJsonSchema());
console.log(`wrote ${file}`);
