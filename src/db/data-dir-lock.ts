// PGlite is PostgreSQL without a postmaster: nothing stops a second process from opening the same data directory, and
// two processes that do each keep their own buffers and WAL position. Writes of one are then lost or the files
// corrupted (a key made by `plantrack keys create` while the server ran was simply gone). So whoever opens DATA_DIR
// takes an exclusive lock first: `DATA_DIR.lock`, a directory made with mkdir (atomic on every file system) whose
// modification time the holder refreshes. A normal exit or a signal removes it (proper-lockfile hooks exit); after a
// crash or SIGKILL it goes stale `staleMs` after the last refresh, and the next opener takes it over.
import lockfile from 'proper-lockfile';

/** How long a lock nobody refreshes stays valid; the holder refreshes it every third of this. */
export const staleMs = 30_000;

/**
 * Takes the lock of `dataDir` and returns its release; refuses at once, naming the directory, when another process
 * holds it. Should the lock ever fail to be refreshed in time (the event loop blocked for `staleMs`, so another
 * process may have taken it), proper-lockfile throws from a timer: the process ends rather than risk the files.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  try {
    return await lockfile.lock(dataDir, { stale: staleMs, update: staleMs / 3, realpath: false, retries: 0 });
  } catch (error) {
    if ((error as { code?: string }).code !== 'ELOCKED') throw error;
    // Keeps the code ELOCKED, which isDatabaseUnavailable() counts as unavailable (the CLI's exit code 4).
    const message =
      `the data directory ${dataDir} is in use by another plantrack process (a running server?). Stop it, or send ` +
      `the command to the server with --url. A process that crashed leaves the lock behind for ${staleMs / 1000} s at most.`;
    throw Object.assign(new Error(message), { code: 'ELOCKED' });
  }
}
