// Configuration comes from the environment and is checked once at start-up: a bad value stops the process
// with one line naming the variable, instead of failing later somewhere less obvious.
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
  };
}
