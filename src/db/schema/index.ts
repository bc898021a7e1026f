// The relational model, one file per area. Rules that protect the data live in the tables as constraints, so no
// code path can skip them; constraint names are explicit because src/db/errors.ts maps them to the field at fault.
export * from './program.js';
export * from './access.js';
export * from './webhooks.js';
export * from './reporting.js';
export * from './amendments.js';
export * from './lineage.js';
