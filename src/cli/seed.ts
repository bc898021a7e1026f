// `npm run seed`: loads program 17/CTr-UBND. Idempotent: rows that exist (by natural code) are left as they
// are, so it never overwrites edits. Applies pending migrations first.
import { loadSeed } from '../seed/load.js';
import { runWithDatabase } from './run.js';

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
  return `Seed ${program}: inserted ${added}.`;
});
