import { CliError, exitCodes, type Command } from '../command.js';

// Placeholder: being written (bulk import of a program from JSON or XLSX).
export const importCommand: Command = {
  name: 'import',
  summary: 'Import a whole program from a JSON document or an XLSX template.',
  usage: 'plantrack import FILE [--dry-run]',
  async run() {
    throw new CliError('import is not available yet', exitCodes.failure);
  },
};
