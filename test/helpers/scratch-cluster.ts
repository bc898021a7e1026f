// A throw-away PostgreSQL cluster for tests that stop, restart or disturb the server: its own data directory
// (initdb) in a temporary directory, its own free port on 127.0.0.1 (never 5432), its unix socket in that same
// directory. Everything here acts on that cluster only — pg_ctl always gets its data directory, and the admin
// connection goes through its private socket directory — so the machine's main cluster is never touched.
//
// initdb refuses to run as root: when the tests run as root, the cluster's files belong to the `postgres`
// OS user and the server commands run through `runuser -u postgres --`.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

interface Teardown {
  teardown(fn: () => unknown): void;
}

/** The application_name of the helper's own connections; terminateBackends() spares them. */
export const adminApplicationName = 'scratch-admin';

/** Where the server binaries are: $PG_BIN, the newest /usr/lib/postgresql/N/bin, or `pg_config --bindir`. */
function findBinDir(): string | undefined {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  if (existsSync('/usr/lib/postgresql')) {
    const versions = readdirSync('/usr/lib/postgresql')
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => `/usr/lib/postgresql/${v}/bin`));
  }
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    // no pg_config on PATH
  }
  return candidates.find((dir) => ['initdb', 'pg_ctl', 'postgres', 'pg_dump', 'pg_restore'].every((b) => existsSync(join(dir, b))));
}

const binDir = findBinDir();
const isRoot = process.getuid?.() === 0;
const runuser = ['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser', '/bin/runuser'].find((path) => existsSync(path));

function postgresUser(): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

/** Why a scratch cluster cannot be made here, or undefined when it can. */
export function scratchClusterUnavailable(): string | undefined {
  if (!binDir) return 'PostgreSQL server binaries (initdb, pg_ctl, pg_dump, pg_restore) not found: set PG_BIN or install postgresql';
  if (isRoot && !postgresUser()) return 'running as root, and there is no `postgres` OS user to run initdb as';
  if (isRoot && !runuser) return 'running as root, and runuser (util-linux) is not installed';
  return undefined;
}

/** The path of a PostgreSQL program of the cluster's version (pg_dump, pg_restore, psql…). */
export function pgBin(name: string): string {
  if (!binDir) throw new Error(scratchClusterUnavailable());
  return join(binDir, name);
}

/** A port nobody listens on right now (the kernel's pick), never 5432. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => (port === 5432 ? freePort().then(resolve, reject) : resolve(port)));
    });
  });
}

export interface ScratchCluster {
  /** postgres://postgres@127.0.0.1:<port>/<database> — the database the service uses. */
  readonly url: string;
  readonly database: string;
  readonly port: number;
  /** The temporary directory: data/, server.log and the unix socket. */
  readonly dir: string;
  /** The URL of another database on this cluster. */
  urlOf(database: string): string;
  /** A connection through the cluster's private socket, spared by terminateBackends(). The caller ends it. */
  admin(database?: string): Promise<pg.Client>;
  /** Creates an empty database (owner postgres) and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** `pg_ctl stop -m immediate`: every backend dies at once, no checkpoint — as if the server crashed. */
  stopImmediate(): Promise<void>;
  /** `pg_ctl start -w` on the same port and data directory (crash recovery runs first after stopImmediate). */
  start(): Promise<void>;
  /** pg_terminate_backend() on every backend of `database` (default: the service's) except admin connections; returns how many. */
  terminateBackends(database?: string): Promise<number>;
  /** The server log so far (for diagnostics). */
  log(): string;
  /** Stops the cluster and removes its directory. Registered in t.teardown; safe to call twice. */
  destroy(): Promise<void>;
}

/**
 * Creates and starts a cluster with an empty database `database` (default `plantrack`), and registers its
 * destruction in `t.teardown` (and at process exit, should the test process end without running teardowns).
 */
export async function createScratchCluster(t: Teardown, options: { database?: string } = {}): Promise<ScratchCluster> {
  const unavailable = scratchClusterUnavailable();
  if (unavailable) throw new Error(unavailable);
  const database = options.database ?? 'plantrack';
  const dir = await mkdtemp(join(tmpdir(), 'plantrack-pg-'));
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  const owner = isRoot ? postgresUser()! : undefined;
  if (owner) await chown(dir, owner.uid, owner.gid);

  /** The command line for a server program, as the postgres user when we are root. */
  const asOwner = (program: string, args: string[]): [string, string[]] =>
    isRoot ? [runuser!, ['-u', 'postgres', '--', pgBin(program), ...args]] : [pgBin(program), args];
  const exec = async (program: string, args: string[], timeout = 60_000) => {
    const [file, argv] = asOwner(program, args);
    try {
      return await run(file, argv, { timeout, encoding: 'utf8' });
    } catch (error) {
      const e = error as Error & { stdout?: string; stderr?: string };
      throw new Error(`${program} ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}\n--- server log ---\n${readLog()}`);
    }
  };
  const readLog = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');

  let destroyed = false;
  const stopSync = () => {
    if (destroyed) return;
    const [file, argv] = asOwner('pg_ctl', ['-D', dataDir, 'stop', '-m', 'immediate', '-w']);
    spawnSync(file, argv, { stdio: 'ignore', timeout: 10_000 });
    rmSync(dir, { recursive: true, force: true });
  };
  // The last resort if the test process ends abruptly: no orphaned postmaster keeps running.
  process.once('exit', stopSync);

  // C.UTF-8 keeps lower() Unicode-aware (search folding) without depending on installed locales; fall back
  // to the C locale where it does not exist.
  try {
    await exec('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  } catch {
    rmSync(dataDir, { recursive: true, force: true });
    await exec('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale']);
  }

  let port = 0;
  const start = async () => {
    await exec('pg_ctl', [
      '-D', dataDir, '-l', logFile, '-w', '-t', '60',
      '-o', `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=on -c synchronous_commit=on -c max_connections=50`,
      'start',
    ]);
  };
  // The port is free when picked but could be taken before the postmaster binds it: pick again then.
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      await start();
      break;
    } catch (error) {
      if (attempt >= 3 || !/could not bind|Address already in use|could not create any TCP\/IP sockets/i.test(readLog())) throw error;
    }
  }
  if (port === 5432) throw new Error('refusing to use port 5432');

  const urlOf = (name: string) => `postgres://postgres@127.0.0.1:${port}/${encodeURIComponent(name)}`;
  const admin = async (name = 'postgres') => {
    const client = new pg.Client({ host: dir, port, user: 'postgres', database: name, application_name: adminApplicationName });
    await client.connect();
    // An admin connection that dies (stopImmediate) must not become an uncaught 'error'.
    client.on('error', () => {});
    return client;
  };

  // Belt and braces: the server we talk to is the one whose data directory we created.
  {
    const client = await admin();
    try {
      const { rows } = await client.query<{ data_directory: string }>('select current_setting(\'data_directory\') as data_directory');
      if (rows[0]?.data_directory !== dataDir) throw new Error(`scratch cluster socket answered for ${rows[0]?.data_directory}, not ${dataDir}`);
      await client.query(`create database "${database}"`);
    } finally {
      await client.end();
    }
  }

  const cluster: ScratchCluster = {
    url: urlOf(database),
    database,
    port,
    dir,
    urlOf,
    admin,
    async createDatabase(name) {
      const client = await admin();
      try {
        await client.query(`create database "${name.replace(/"/g, '""')}"`);
      } finally {
        await client.end();
      }
      return urlOf(name);
    },
    async stopImmediate() {
      await exec('pg_ctl', ['-D', dataDir, 'stop', '-m', 'immediate', '-w', '-t', '30']);
    },
    start,
    async terminateBackends(name = database) {
      const client = await admin();
      try {
        // With a timeout, pg_terminate_backend waits until each backend has actually exited (PostgreSQL 14+).
        const { rows } = await client.query<{ n: number }>(
          `select count(*)::int as n from (
             select pg_terminate_backend(pid, 5000) from pg_stat_activity
             where datname = $1 and pid <> pg_backend_pid() and application_name <> $2) killed`,
          [name, adminApplicationName],
        );
        return rows[0]?.n ?? 0;
      } finally {
        await client.end();
      }
    },
    log: readLog,
    async destroy() {
      if (destroyed) return;
      const [file, argv] = asOwner('pg_ctl', ['-D', dataDir, 'stop', '-m', 'immediate', '-w']);
      await run(file, argv, { timeout: 30_000 }).catch(() => {}); // already stopped is fine
      destroyed = true;
      process.removeListener('exit', stopSync);
      await rm(dir, { recursive: true, force: true });
    },
  };
  t.teardown(() => cluster.destroy());
  return cluster;
}
