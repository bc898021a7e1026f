// `npm run openapi`: writes the OpenAPI document the code generates to openapi/openapi.json, the committed
// contract. test/openapi.test.ts fails when the two differ.
import { writeFile } from 'node:fs/promises';
import { generateOpenApi } from './openapi-document.js';

const document = await generateOpenApi();
await writeFile(new URL('../openapi/openapi.json', import.meta.url), `${JSON.stringify(document, null, 2)}\n`);
process.stdout.write('wrote openapi/openapi.json\n');
