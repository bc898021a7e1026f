// Configuration comes from the environment and is checked once at start-up: a bad value stops the process
// with one line naming the variable, instead of failing later somewhere less obvious.
import { join } from 'node:path';
import Type, { type Static } from 'typebox';
import Value from 'typebox/value';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const Environment = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DATA_DIR: Type.String({ minLength: 1, default: './data' }),
  LOG_LEVEL: Type.Enum(logLevels, { default: 'info' }),
  MIGRATE_ON_START: Type.Boolean({ default: false }),
  SEED_ON_START: Type.Boolean({ default: false }),
  DB_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 200, default: 10 }),
  DB_CONNECTION_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 5_000 }),
  DB_STATEMENT_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 3_600_000, default: 30_000 }),
  BODY_LIMIT_BYTES: Type.Integer({ minimum: 1024, maximum: 100 * 1024 * 1024, default: 1024 * 1024 }),
  SHUTDOWN_GRACE_MS: Type.Integer({ minimum: 0, maximum: 600_000, default: 10_000 }),
  RATE_LIMIT_MAX: Type.Integer({ minimum: 0, maximum: 10_000_000, default: 1200 }),
  RATE_LIMIT_WINDOW_MS: Type.Integer({ minimum: 1000, maximum: 86_400_000, default: 60_000 }),
  TRUST_PROXY: Type.Boolean({ default: false }),
  PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  REQUEST_TIMEOUT_MS: Type.Integer({ minimum: 1000, maximum: 3_600_000, default: 120_000 }),
  PUBLIC_READS: Type.Boolean({ default: false }),
  ADMIN_KEY_FILE: Type.Optional(Type.String({ minLength: 1 })),
  API_KEY_CACHE_MS: Type.Integer({ minimum: 0, maximum: 600_000, default: 10_000 }),
  OIDC_ISSUER: Type.Optional(Type.String({ pattern: '^https?://' })),
  OIDC_AUDIENCE: Type.Optional(Type.String({ minLength: 1 })),
  OIDC_JWKS_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  OIDC_ROLES_CLAIM: Type.String({ minLength: 1, default: 'roles' }),
  OIDC_AGENCY_CLAIM: Type.String({ minLength: 1, default: 'agency' }),
  OIDC_NAME_CLAIM: Type.String({ minLength: 1, default: 'name' }),
  OIDC_CLOCK_TOLERANCE_S: Type.Integer({ minimum: 0, maximum: 600, default: 60 }),
  CORS_ORIGINS: Type.String({ default: '', pattern: '^(https?://[^,\\s]+(,https?://[^,\\s]+)*)?$' }),
  IDEMPOTENCY_TTL_HOURS: Type.Integer({ minimum: 1, maximum: 24 * 30, default: 24 }),
  WEBHOOKS_ENABLED: Type.Boolean({ default: true }),
  WEBHOOK_POLL_MS: Type.Integer({ minimum: 50, maximum: 600_000, default: 1000 }),
  WEBHOOK_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 120_000, default: 10_000 }),
  WEBHOOK_MAX_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 100, default: 15 }),
  WEBHOOK_RETRY_BASE_MS: Type.Integer({ minimum: 10, maximum: 3_600_000, default: 2000 }),
  WEBHOOK_RETRY_MAX_MS: Type.Integer({ minimum: 10, maximum: 86_400_000, default: 3_600_000 }),
  WEBHOOK_PAUSE_AFTER_FAILURES: Type.Integer({ minimum: 1, maximum: 10_000, default: 50 }),
  WEBHOOK_ALLOW_HTTP: Type.Boolean({ default: false }),
  WEBHOOK_ALLOWED_HOSTS: Type.String({ default: '' }),
});
type Environment = Static<typeof Environment>;

export interface Config {
  port: number;
  host: string;
  logLevel: (typeof logLevels)[number];
  database:
    | { driver: 'postgres'; url: string; poolSize: number; connectionTimeoutMs: number; statementTimeoutMs: number }
    | { driver: 'pglite'; dataDir: string };
  /** PGlite always migrates at start (it is private to this process); PostgreSQL only when asked. */
  migrateOnStart: boolean;
  /** Load the seed program at start when the database holds no program yet. */
  seedOnStart: boolean;
  bodyLimitBytes: number;
  /** Requests per window per client address (0: off). */
  rateLimit: { max: number; windowMs: number };
  shutdownGraceMs: number;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For (rate limits are per client). */
  trustProxy: boolean;
  /** The URL people reach the service at, when it differs from http://HOST:PORT (behind a proxy). */
  publicUrl: string | undefined;
  /** Longest time to receive a whole request (slow clients are cut off with 408). */
  requestTimeoutMs: number;
  auth: AuthConfig;
  /** Origins allowed to call the API from a browser (CORS); empty: none. */
  corsOrigins: string[];
  idempotencyTtlMs: number;
  webhooks: WebhookConfig;
}

export interface AuthConfig {
  /** Reads without credentials (the open-data case). Writes always need credentials. */
  publicReads: boolean;
  /**
   * Where the first start writes an admin API key when the database has none (PGlite on disk: DATA_DIR/admin-key.txt;
   * PostgreSQL: only when set). Undefined: no key is made; issue one with `npm run keys -- create`.
   */
  adminKeyFile: string | undefined;
  /** How long a verified API key is trusted before it is looked up again (so a revocation takes this long). */
  apiKeyCacheMs: number;
  /** People sign in with an OIDC provider's JWTs when an issuer is configured. */
  oidc:
    | { issuer: string; audience: string; jwksUrl: string | undefined; rolesClaim: string; agencyClaim: string; nameClaim: string; clockToleranceS: number }
    | undefined;
}

export interface WebhookConfig {
  /** Runs the delivery worker in this process. */
  enabled: boolean;
  pollMs: number;
  timeoutMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** Consecutive failed attempts after which a subscription is paused. */
  pauseAfterFailures: number;
  /** Allow plain http:// receiver URLs (https only otherwise). */
  allowHttp: boolean;
  /** Hosts (names or IP addresses) allowed even though they are loopback, link-local or otherwise refused. */
  allowedHosts: string[];
}

export class ConfigError extends Error {}

/** Reads and checks the environment; throws ConfigError with a one-line message naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const known = Object.keys(Environment.properties);
  // Empty strings count as unset, the way shells and compose files usually mean them.
  const raw = Object.fromEntries(known.filter((key) => env[key] !== undefined && env[key] !== '').map((key) => [key, env[key]]));
  const value = Value.Convert(Environment, Value.Default(Environment, raw));
  const [error] = Value.Errors(Environment, value);
  if (error) {
    const name = error.instancePath.replace(/^\//, '') || String((error.params as { requiredProperties?: string[] }).requiredProperties?.[0] ?? '');
    const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues;
    const hint = allowed ? ` (one of ${allowed.join(', ')})` : '';
    throw new ConfigError(`Invalid environment variable ${name}=${JSON.stringify(raw[name] ?? '')}: ${error.message}${hint}`);
  }
  const e = value as Environment;
  if ((e.OIDC_ISSUER === undefined) !== (e.OIDC_AUDIENCE === undefined)) {
    const missing = e.OIDC_ISSUER === undefined ? 'OIDC_ISSUER' : 'OIDC_AUDIENCE';
    throw new ConfigError(`Invalid environment variable ${missing}="": OIDC_ISSUER and OIDC_AUDIENCE are set together`);
  }
  const list = (text: string) => text.split(',').map((item) => item.trim()).filter(Boolean);
  const usePostgres = e.DATABASE_URL !== undefined;
  return {
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    database: usePostgres
      ? {
          driver: 'postgres',
          url: e.DATABASE_URL!,
          poolSize: e.DB_POOL_SIZE,
          connectionTimeoutMs: e.DB_CONNECTION_TIMEOUT_MS,
          statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
        }
      : { driver: 'pglite', dataDir: e.DATA_DIR },
    migrateOnStart: usePostgres ? e.MIGRATE_ON_START : true,
    seedOnStart: usePostgres ? e.SEED_ON_START : true,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    rateLimit: { max: e.RATE_LIMIT_MAX, windowMs: e.RATE_LIMIT_WINDOW_MS },
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    trustProxy: e.TRUST_PROXY,
    publicUrl: e.PUBLIC_URL,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    auth: {
      publicReads: e.PUBLIC_READS,
      adminKeyFile: e.ADMIN_KEY_FILE ?? (!usePostgres && e.DATA_DIR !== ':memory:' ? join(e.DATA_DIR, 'admin-key.txt') : undefined),
      apiKeyCacheMs: e.API_KEY_CACHE_MS,
      oidc:
        e.OIDC_ISSUER !== undefined && e.OIDC_AUDIENCE !== undefined
          ? {
              issuer: e.OIDC_ISSUER,
              audience: e.OIDC_AUDIENCE,
              jwksUrl: e.OIDC_JWKS_URL,
              rolesClaim: e.OIDC_ROLES_CLAIM,
              agencyClaim: e.OIDC_AGENCY_CLAIM,
              nameClaim: e.OIDC_NAME_CLAIM,
              clockToleranceS: e.OIDC_CLOCK_TOLERANCE_S,
            }
          : undefined,
    },
    corsOrigins: list(e.CORS_ORIGINS),
    idempotencyTtlMs: e.IDEMPOTENCY_TTL_HOURS * 3_600_000,
    webhooks: {
      enabled: e.WEBHOOKS_ENABLED,
      pollMs: e.WEBHOOK_POLL_MS,
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      maxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
      retryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
      retryMaxMs: e.WEBHOOK_RETRY_MAX_MS,
      pauseAfterFailures: e.WEBHOOK_PAUSE_AFTER_FAILURES,
      allowHttp: e.WEBHOOK_ALLOW_HTTP,
      allowedHosts: list(e.WEBHOOK_ALLOWED_HOSTS),
    },
  };
}
