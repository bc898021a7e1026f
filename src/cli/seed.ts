// `npm run seed`: loads program 17/CTr-UBND. Idempotent: rows that exist (by natural code) are left as they
// are, so it never overwrites edits. Applies pending migrations first. `--restructuring-2025` then records Vietnam's
// 2025 restructuring of the agencies the program names (optional: the 2021 program can be loaded alone).
import { parseArgs } from 'node:util';
import { loadRestructuring2025 } from '../seed/restructuring.js';
import { loadSeed } from '../seed/load.js';
import { runWithDatabase } from './run.js';

const { values } = parseArgs({ options: { 'restructuring-2025': { type: 'boolean', default: false } } });

await runWithDatabase(async (database) => {
  await database.migrate();
  const { program, inserted } = await loadSeed(database.db);
  const added = [
    `${inserted.agencies} agencies`,
    `${inserted.agencyGroups} agency groups`,
    `${inserted.taskGroups} task groups`,
    `${inserted.indicators} indicators`,
    `${inserted.tasks} tasks`,
  ].join(', ');
  let message = `Seed ${program}: inserted ${added}.`;
  if (values['restructuring-2025']) {
    const restructuring = await loadRestructuring2025(database.db);
    message += `\nRestructuring 2025: inserted ${restructuring.agencies} agencies, recorded ${restructuring.events} lineage events.`;
  }
  return message;
});
