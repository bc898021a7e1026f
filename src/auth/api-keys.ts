// API keys for machine clients: `pt_<prefix>_<secret>`. The prefix is stored in clear to find the key (and shown in
// lists, so people can tell keys apart); the secret has 256 bits of entropy, so a SHA-256 hash of the whole key is
// enough to verify it (a slow password hash buys nothing against a random 32-byte secret).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/types.js';
import { apiKeys } from '../db/schema/index.js';
import type { Actor, Role } from './roles.js';

const keyPattern = /^(pt_[0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** A new key: the whole key (shown once), its visible prefix and the hash that is stored. */
export function generateApiKey(): { key: string; prefix: string; secretHash: string } {
  const prefix = `pt_${randomBytes(6).toString('hex')}`;
  const key = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, secretHash: hashKey(key) };
}

export const looksLikeApiKey = (token: string) => token.startsWith('pt_');

export type KeyVerdict = { ok: true; actor: Actor } | { ok: false; reason: string };

interface CachedKey {
  verdict: KeyVerdict;
  until: number;
}

/** A verdict, and until when it holds (a key's expiry); Infinity when only a change to the key can end it. */
type Lookup = { verdict: KeyVerdict; validUntil: number };

/**
 * Verifies API keys against the database, trusting a verified key for `cacheMs` (a revocation or expiry takes at
 * most that long to bite; docs/security.md says so) so that a busy client does not cost a query per request.
 */
export function apiKeyVerifier(db: Database, cacheMs: number, logger: Pick<FastifyBaseLogger, 'warn'>) {
  const cache = new Map<string, CachedKey>();
  const maxCached = 10_000;

  async function lookUp(token: string, hash: string): Promise<Lookup> {
    const refused = (reason: string): Lookup => ({ verdict: { ok: false, reason }, validUntil: 0 });
    const match = keyPattern.exec(token);
    if (!match) return refused('The API key is malformed.');
    const [row] = await db
      .select({ id: apiKeys.id, name: apiKeys.name, secretHash: apiKeys.secretHash, agencyId: apiKeys.agencyId, roles: apiKeys.roles, expiresAt: apiKeys.expiresAt, revokedAt: apiKeys.revokedAt, lastUsedAt: apiKeys.lastUsedAt })
      .from(apiKeys)
      .where(eq(apiKeys.prefix, match[1]!));
    if (!row || !timingSafeEqual(Buffer.from(row.secretHash, 'hex'), Buffer.from(hash, 'hex'))) return refused('The API key is not known.');
    if (row.revokedAt) return refused('The API key has been revoked.');
    if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) return refused('The API key has expired.');
    // Last use is recorded at most once a minute per key: a timestamp, not a write per request.
    if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
      db.update(apiKeys)
        .set({ lastUsedAt: sql`now()` })
        .where(eq(apiKeys.id, row.id))
        .then(
          () => undefined,
          (error: unknown) => logger.warn({ err: error }, 'could not record the last use of an API key'),
        );
    }
    const actor: Actor = { type: 'api_key', id: row.id, name: row.name, agencyId: row.agencyId, roles: row.roles as Role[] };
    return { verdict: { ok: true, actor }, validUntil: row.expiresAt?.getTime() ?? Infinity };
  }

  return {
    async verify(token: string): Promise<KeyVerdict> {
      const hash = hashKey(token);
      const cached = cache.get(hash);
      const now = Date.now();
      if (cached && cached.until > now) return cached.verdict;
      const { verdict, validUntil } = await lookUp(token, hash);
      // Refusals are not cached: a key created a moment ago must work at once. Nor is a key trusted past its expiry
      // (the end of a rotation's overlap included).
      if (verdict.ok && cacheMs > 0) {
        if (cache.size >= maxCached) cache.delete(cache.keys().next().value!);
        cache.set(hash, { verdict, until: Math.min(now + cacheMs, validUntil) });
      }
      return verdict;
    },
    /** Forgets every cached key (after a revocation or rotation in this process). */
    forget() {
      cache.clear();
    },
  };
}
