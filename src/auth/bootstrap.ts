// The first admin key. A fresh installation has no key, and every write needs one: on the first start the server
// issues an admin key and writes it to a file only the service's user can read (never to the log or the console).
import { open } from 'node:fs/promises';
import { count, sql } from 'drizzle-orm';
import type { Database } from '../db/types.js';
import { apiKeys } from '../db/schema/index.js';
import { issueApiKey } from '../modules/api-keys/repository.js';

/** Issues an admin key into `file` when the database holds no key at all; returns whether it did. */
export async function bootstrapAdminKey(db: Database, file: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    // Servers starting at once against one database take turns: the first issues the key, the others then see it.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('plantrack:bootstrap-admin-key', 0))`);
    const [row] = await tx.select({ n: count() }).from(apiKeys);
    if ((row?.n ?? 0) > 0) return false;
    const issued = await issueApiKey(tx, { name: 'Bootstrap administrator', roles: ['admin', 'coordinator'] }, { type: 'system', name: 'first start' });
    // Written inside the transaction: if the file cannot be written, no key exists that nobody knows.
    // `mode` applies only to a file this creates: one that exists already (touched beforehand, left from an earlier
    // installation) is made private before the key goes into it.
    const handle = await open(file, 'w', 0o600);
    try {
      await handle.chmod(0o600);
      await handle.writeFile(`${issued.key}\n`);
    } finally {
      await handle.close();
    }
    return true;
  });
}
