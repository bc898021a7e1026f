import { buildApp } from '../src/app.js';
import { openPglite } from '../src/db/connect.js';

/** The OpenAPI document as the code generates it. Needs no migrated database: routes are not called. */
export async function generateOpenApi(): Promise<unknown> {
  const database = await openPglite(':memory:');
  const app = await buildApp({ config: { logLevel: 'silent', bodyLimitBytes: 1024 * 1024, rateLimit: { max: 0, windowMs: 60_000 } }, database, logger: false });
  await app.ready();
  const document = app.swagger();
  await app.close();
  await database.close();
  return document;
}
