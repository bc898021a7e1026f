// The seed bundle of Action Program 17/CTr-UBND (Can Tho City People's Committee, 2021-10-04), transcribed from
// docs/sources/17-CTr-UBND-2021.txt: agencies and groups, the program, its 13 task groups, 17 key indicators with
// their sub-targets, and the 44 appendix tasks.
import type { SeedProgramBundle } from '../types.js';
import { agencies, agencyGroups } from './agencies.js';
import { indicators } from './indicators.js';
import { program, taskGroups } from './program.js';
import { tasks } from './tasks.js';

export const canTho17: SeedProgramBundle = { agencies, agencyGroups, program, taskGroups, indicators, tasks };
