// What every subcommand of `plantrack` is, and the exit codes they share (documented in docs/cli.md).
import type { Writable } from 'node:stream';

export const exitCodes = {
  ok: 0,
  /** Something unexpected failed (a bug, a broken file system): the message says what. */
  failure: 1,
  /** The command line is wrong: unknown command, option or value. */
  usage: 2,
  /** The input is refused (an import with problems; every problem is listed). Nothing was written. */
  invalid: 3,
  /** The database or server could not be reached, or refused the credentials. */
  unavailable: 4,
} as const;

/**
 * Answers of a server that say "not now, or not with these credentials" rather than "this request is wrong": exit 4
 * for export and import alike (401/403 credentials, 429 rate limited, 502/503/504 the server or its gateway).
 */
export const isUnavailableStatus = (status: number) => [401, 403, 429, 502, 503, 504].includes(status);

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export interface CliIo {
  stdout: Writable;
  stderr: Writable;
  /** Attached to a terminal: progress bars on stderr. Otherwise quiet, machine-readable output only. */
  interactive: boolean;
}

export interface Command {
  name: string;
  summary: string;
  /** The usage text `plantrack help NAME` prints. */
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}
