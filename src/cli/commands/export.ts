import { CliError, exitCodes, type Command } from '../command.js';

// Placeholder: being written (streaming exports of collections).
export const exportCommand: Command = {
  name: 'export',
  summary: 'Export a collection as CSV, NDJSON or XLSX.',
  usage: 'plantrack export COLLECTION --format csv|ndjson|xlsx [filters] [-o FILE]',
  async run() {
    throw new CliError('export is not available yet', exitCodes.failure);
  },
};
