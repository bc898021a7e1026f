// The first admin key. A fresh installation has no key, and every write needs one: on the first start the server
// issues an admin key and writes it to a file only the service's user can read (never to the log or the console).
import { writeFile } from 'node:fs/promises';
import { count } from 'drizzle-orm';
import type { Database } from '../db/types.js';
import { apiKeys } from '../db/schema/index.js';
import { issueApiKey } from '../modules/api-keys/repository.js';

/** Issues an admin key into `file` when the database holds no key at all; returns whether it did. */
export async function bootstrapAdminKey(db: Database, file: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select({ n: count() }).from(apiKeys);
    if ((row?.n ?? 0) > 0) return false;
    const issued = await issueApiKey(tx, { name: 'Bootstrap administrator', roles: ['admin', 'coordinator'] }, { type: 'system', name: 'first start' });
    // Written inside the transaction: if the file cannot be written, no key exists that nobody knows.
    await writeFile(file, `${issued.key}\n`, { mode: 0o600 });
    return true;
  });
}
