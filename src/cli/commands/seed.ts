import { parseArgs } from 'node:util';
import { loadRestructuring2025 } from '../../seed/restructuring.js';
import { loadSeed } from '../../seed/load.js';
import { exitCodes, type Command } from '../command.js';
import { withDatabase } from '../database.js';
import { progress } from '../progress.js';

export const seed: Command = {
  name: 'seed',
  summary: 'Load program 17/CTr-UBND (idempotent; never overwrites edits).',
  usage: `plantrack seed [--restructuring-2025]

Applies pending migrations, then loads 17/CTr-UBND: rows that exist (by natural code) are left as they are.
  --restructuring-2025   also record Vietnam's 2025 restructuring of the agencies it names (docs/lineage.md)`,
  async run(args, io) {
    const { values } = parseArgs({ args, options: { 'restructuring-2025': { type: 'boolean', default: false } }, strict: true });
    const steps = progress(io, 'seed');
    steps.total(values['restructuring-2025'] ? 3 : 2);
    const lines = await withDatabase(async (database) => {
      await database.migrate();
      steps.advance();
      const { program, inserted } = await loadSeed(database.db);
      steps.advance();
      const counts = Object.entries(inserted).map(([what, n]) => `${n} ${what.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)}`);
      const out = [`Seed ${program}: inserted ${counts.join(', ')}.`];
      if (values['restructuring-2025']) {
        const restructuring = await loadRestructuring2025(database.db);
        steps.advance();
        out.push(`Restructuring 2025: inserted ${restructuring.agencies} agencies, recorded ${restructuring.events} lineage events.`);
      }
      return out;
    });
    steps.stop();
    io.stdout.write(`${lines.join('\n')}\n`);
    return exitCodes.ok;
  },
};
