// `npm run client`: regenerates the TypeScript client's types (clients/typescript/src/schema.ts) from the committed
// OpenAPI document. test/client-example.test.ts and CI fail when the committed file differs, so the client can never
// drift from the contract.
import { writeFile } from 'node:fs/promises';
import { clientTypesFile, generateClientTypes } from './client-types.js';

await writeFile(clientTypesFile, await generateClientTypes());
process.stdout.write('wrote clients/typescript/src/schema.ts\n');
