import type { Command } from '../command.js';
import { exportCommand } from './export.js';
import { importCommand } from './import.js';
import { keys } from './keys.js';
import { migrate } from './migrate.js';
import { seed } from './seed.js';
import { serve } from './serve.js';

export const commands: Command[] = [serve, migrate, seed, importCommand, exportCommand, keys];
