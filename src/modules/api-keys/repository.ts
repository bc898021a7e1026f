import { and, eq, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import { generateApiKey } from '../../auth/api-keys.js';
import type { Actor, Role } from '../../auth/roles.js';
import type { Queryable } from '../../db/types.js';
import { agencies, apiKeys } from '../../db/schema/index.js';
import { paginate, sortBothWays, type SortSpec } from '../../http/pagination.js';
import { invalidField, notFound } from '../../http/problem.js';
import { agencyRefJson } from '../agencies/ref.js';
import type { ApiKey, ApiKeyCreate, ApiKeyListQuery, ApiKeyPatch } from './schemas.js';

const status = sql<ApiKey['status']>`case when ${apiKeys.revokedAt} is not null then 'revoked' when ${apiKeys.expiresAt} <= now() then 'expired' else 'active' end`;

function selectKeys(db: Queryable) {
  return db
    .select({
      id: apiKeys.id,
      prefix: apiKeys.prefix,
      name: apiKeys.name,
      agency: agencyRefJson(agencies),
      roles: sql<Role[]>`${apiKeys.roles}`,
      status,
      expiresAt: apiKeys.expiresAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
      rotatedFromId: apiKeys.rotatedFromId,
      createdBy: apiKeys.createdBy,
      createdAt: apiKeys.createdAt,
      updatedAt: apiKeys.updatedAt,
    })
    .from(apiKeys)
    .leftJoin(agencies, eq(agencies.id, apiKeys.agencyId));
}
type KeyRow = Awaited<ReturnType<ReturnType<typeof selectKeys>['execute']>>[number];

const sorts: Record<string, SortSpec<KeyRow>> = {
  ...sortBothWays<KeyRow>('name', [apiKeys.name, apiKeys.id], (r) => [r.name, r.id]),
};

const statusFilter: Record<ApiKey['status'], SQL> = {
  revoked: isNotNull(apiKeys.revokedAt),
  expired: sql`${apiKeys.revokedAt} is null and ${apiKeys.expiresAt} <= now()`,
  active: and(isNull(apiKeys.revokedAt), or(isNull(apiKeys.expiresAt), sql`${apiKeys.expiresAt} > now()`))!,
};

export async function listApiKeys(db: Queryable, query: ApiKeyListQuery) {
  const page = paginate(sorts, query.sort ?? 'name', query);
  const rows = await selectKeys(db)
    .where(
      and(
        query.agencyId ? eq(apiKeys.agencyId, query.agencyId) : undefined,
        query.status ? statusFilter[query.status] : undefined,
        query.q ? sql`search_fold(${apiKeys.name} || ' ' || ${apiKeys.prefix}) like '%' || search_fold(${query.q}) || '%'` : undefined,
        page.after,
      ),
    )
    .orderBy(...page.orderBy)
    .limit(page.fetch);
  return page.finish(rows);
}

export async function getApiKey(db: Queryable, id: string): Promise<KeyRow> {
  const [row] = await selectKeys(db).where(eq(apiKeys.id, id));
  if (!row) throw notFound('API key', id);
  return row;
}

function checkExpiry(expiresAt: string | null | undefined): Date | null | undefined {
  if (expiresAt === undefined || expiresAt === null) return expiresAt;
  const date = new Date(expiresAt);
  if (date.getTime() <= Date.now()) throw invalidField('invalid-value', '/expiresAt', 'expiresAt must be in the future.');
  return date;
}

/** Who issued something, as the audit trail and the key list show it. */
export const describeActor = (actor: Pick<Actor, 'type' | 'name'>) => `${actor.type}:${actor.name}`;

/** Issues a key; the whole key is in the answer and nowhere else. Used by the API, the CLI and tests. */
export async function issueApiKey(db: Queryable, input: ApiKeyCreate & { rotatedFromId?: string }, issuer: Pick<Actor, 'type' | 'name'>) {
  const { key, prefix, secretHash } = generateApiKey();
  const [created] = await db
    .insert(apiKeys)
    .values({
      name: input.name,
      roles: input.roles,
      agencyId: input.agencyId ?? null,
      expiresAt: checkExpiry(input.expiresAt) ?? null,
      rotatedFromId: input.rotatedFromId ?? null,
      prefix,
      secretHash,
      createdBy: describeActor(issuer),
    })
    .returning({ id: apiKeys.id });
  return { ...(await getApiKey(db, created!.id)), key };
}

export async function updateApiKey(db: Queryable, id: string, patch: ApiKeyPatch) {
  const { expiresAt, ...fields } = patch;
  await db
    .update(apiKeys)
    .set({ ...fields, ...(expiresAt !== undefined ? { expiresAt: checkExpiry(expiresAt) } : {}), updatedAt: sql`now()` })
    .where(eq(apiKeys.id, id));
  return getApiKey(db, id);
}

export async function revokeApiKey(db: Queryable, id: string) {
  await db.update(apiKeys).set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())`, updatedAt: sql`now()` }).where(eq(apiKeys.id, id));
  return getApiKey(db, id);
}

/** A new key with the same name, roles and agency; the old one stops now or after the overlap. */
export async function rotateApiKey(db: Queryable, id: string, overlapSeconds: number, issuer: Pick<Actor, 'type' | 'name'>) {
  const old = await getApiKey(db, id);
  if (old.status !== 'active') throw invalidField('invalid-value', '', `Only an active key can be rotated; this one is ${old.status}.`);
  const fresh = await issueApiKey(
    db,
    { name: old.name, roles: old.roles, agencyId: old.agency?.id ?? null, expiresAt: old.expiresAt ? new Date(old.expiresAt).toISOString() : null, rotatedFromId: id },
    issuer,
  );
  if (overlapSeconds === 0) await db.update(apiKeys).set({ revokedAt: sql`now()`, updatedAt: sql`now()` }).where(eq(apiKeys.id, id));
  else await db.update(apiKeys).set({ expiresAt: sql`least(coalesce(${apiKeys.expiresAt}, 'infinity'), now() + ${overlapSeconds} * interval '1 second')`, updatedAt: sql`now()` }).where(eq(apiKeys.id, id));
  return fresh;
}
