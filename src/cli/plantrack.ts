#!/usr/bin/env node
// plantrack's command line: `plantrack COMMAND [options]`. Commands talk to the configured database directly, or (for
// import and export) to a running server with --url. Exit codes are in command.ts and docs/cli.md.
import { ConfigError } from '../config.js';
import { isDatabaseUnavailable } from '../db/errors.js';
import { HttpProblem } from '../http/problem.js';
import { CliError, exitCodes, type CliIo } from './command.js';
import { commands } from './commands/index.js';

const io: CliIo = { stdout: process.stdout, stderr: process.stderr, interactive: Boolean(process.stderr.isTTY) };

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `Usage: plantrack COMMAND [options]\n\n${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}\n\nplantrack help COMMAND shows a command's options.\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const command = commands.find((c) => c.name === args[0]);
    io.stdout.write(command ? `${command.usage}\n` : help());
    return exitCodes.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`plantrack: unknown command ${name}\n\n${help()}`);
    return exitCodes.usage;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    const code =
      error instanceof CliError ? error.exitCode
      : error instanceof ConfigError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? exitCodes.usage
      // The same refusals the API answers with a 4xx (no key with that id, an expiry in the past): the input is refused.
      : error instanceof HttpProblem && error.status < 500 ? exitCodes.invalid
      : isDatabaseUnavailable(error) ? exitCodes.unavailable
      : exitCodes.failure;
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`plantrack ${name}: ${message}\n${code === exitCodes.failure && error instanceof Error && !(error instanceof CliError) ? `${error.stack}\n` : ''}`);
    return code;
  }
}

process.exitCode = await main(process.argv.slice(2));
