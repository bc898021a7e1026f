import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openPglite } from '../src/db/connect.js';

/** The OpenAPI document as the code generates it. Needs no migrated database: routes are not called. */
export async function generateOpenApi(): Promise<unknown> {
  const database = await openPglite(':memory:');
  // The defaults, not this machine's environment: the document must not depend on where it is generated.
  const app = await buildApp({ config: loadConfig({ WEBHOOKS_ENABLED: 'false' }), database, logger: false });
  await app.ready();
  const document = app.swagger();
  await app.close();
  await database.close();
  return document;
}
