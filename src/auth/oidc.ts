// People sign in with the city's OIDC provider and send its JWT as a bearer token. The token is verified against the
// issuer's published keys (JWKS, fetched and cached by jose; a key rotation is picked up when a token names a new
// `kid`): signature, issuer, audience, expiry and not-before, with a configured clock tolerance. Roles and agency
// come from configurable claims.
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { eq, or } from 'drizzle-orm';
import type { AuthConfig } from '../config.js';
import type { Database } from '../db/types.js';
import { agencies } from '../db/schema/index.js';
import { HttpProblem } from '../http/problem.js';
import { isUuid } from '../http/schemas.js';
import { roles, type Actor, type Role } from './roles.js';

type OidcConfig = NonNullable<AuthConfig['oidc']>;
export type TokenVerdict = { ok: true; actor: Actor } | { ok: false; reason: string };

// Asymmetric algorithms only: a shared-secret algorithm (HS256) with a public key is the classic forgery.
const algorithms = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** `realm_access.roles` reads a nested claim. */
function claim(payload: JWTPayload, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), payload);
}

/** Roles as an array or a space-separated string (the `scope` style); names this service does not know are ignored. */
function rolesFrom(value: unknown): Role[] {
  const names = Array.isArray(value) ? value : typeof value === 'string' ? value.split(' ') : [];
  return names.filter((name): name is Role => typeof name === 'string' && (roles as readonly string[]).includes(name));
}

async function discoverJwksUrl(issuer: string): Promise<URL> {
  const response = await fetch(new URL(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`), { signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`OIDC discovery answered ${response.status}`);
  const document = (await response.json()) as { jwks_uri?: string };
  if (!document.jwks_uri) throw new Error('OIDC discovery document has no jwks_uri');
  return new URL(document.jwks_uri);
}

const keysUnavailable = () => new HttpProblem('unavailable', "The identity provider's signing keys cannot be fetched; retry later.");

export function oidcVerifier(config: OidcConfig, db: Database) {
  let keySet: ReturnType<typeof createRemoteJWKSet> | undefined;
  const keys = async () => {
    if (keySet) return keySet;
    const url = config.jwksUrl ? new URL(config.jwksUrl) : await discoverJwksUrl(config.issuer).catch(() => Promise.reject(keysUnavailable()));
    return (keySet = createRemoteJWKSet(url, { timeoutDuration: 5000, cooldownDuration: 30_000 }));
  };

  async function agencyIdFor(value: unknown): Promise<string | null | undefined> {
    if (value === undefined || value === null || value === '') return null;
    if (typeof value !== 'string') return undefined;
    const [row] = await db
      .select({ id: agencies.id })
      .from(agencies)
      .where(isUuid(value) ? or(eq(agencies.id, value), eq(agencies.code, value)) : eq(agencies.code, value));
    return row?.id;
  }

  // What the token can be blamed for (no published key matches its kid and alg); anything else that goes wrong
  // while getting the keys (the JWKS answered 5xx, or not a key set) is the provider's failure, not the caller's.
  const getKey: JWTVerifyGetKey = async (header, token) => {
    const keySet = await keys();
    try {
      return await keySet(header, token);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys || error instanceof errors.JOSENotSupported) throw error;
      throw keysUnavailable();
    }
  };

  return async function verify(token: string): Promise<TokenVerdict> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, getKey, { issuer: config.issuer, audience: config.audience, clockTolerance: config.clockToleranceS, algorithms }));
    } catch (error) {
      if (error instanceof errors.JWKSTimeout) throw keysUnavailable();
      if (error instanceof errors.JWTExpired) return { ok: false, reason: 'The token has expired.' };
      if (error instanceof errors.JWTClaimValidationFailed) return { ok: false, reason: `The token's ${error.claim} claim is not accepted.` };
      if (error instanceof errors.JOSEError) return { ok: false, reason: 'The token is not valid.' };
      // The provider's keys could not be fetched: not the caller's fault, and worth a retry.
      throw keysUnavailable();
    }
    const agencyId = await agencyIdFor(claim(payload, config.agencyClaim));
    if (agencyId === undefined) return { ok: false, reason: `The token's ${config.agencyClaim} claim names no known agency.` };
    const name = claim(payload, config.nameClaim);
    return {
      ok: true,
      actor: { type: 'user', id: payload.sub ?? null, name: typeof name === 'string' ? name : (payload.sub ?? 'unknown'), agencyId, roles: rolesFrom(claim(payload, config.rolesClaim)) },
    };
  };
}
