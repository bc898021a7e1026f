import Type from 'typebox';
import { Problem } from '../../http/problem.js';

export const ImportQuery = Type.Object(
  {
    dryRun: Type.Optional(Type.Boolean({ default: false, description: 'Check the document and say what an import would do, writing nothing.' })),
  },
  { additionalProperties: false },
);

/** A refused import: a problem (RFC 9457) whose extension member `report` lists every problem of the document. */
export const ImportRefusal = Type.Object(
  {
    ...Problem.properties,
    report: Type.Optional(Type.Ref('ImportReport')),
  },
  {
    $id: 'ImportRefusal',
    title: 'ImportRefusal',
    additionalProperties: false,
    description:
      'RFC 9457 problem details of a refused import. `report` lists every problem, located by JSON Pointer (JSON) or sheet, row and column (XLSX); for a JSON document `errors` repeats the first 100 as field errors. Absent only when an Idempotency-Key was reused.',
  },
);

export const importReportExample = {
  valid: true,
  dryRun: true,
  programId: null,
  problems: [],
  omittedProblems: 0,
  summary: {
    agencies: { create: 2, update: 0, unchanged: 1 },
    agencyGroups: { create: 1, update: 0, unchanged: 0 },
    program: 'create',
    taskGroups: { create: 1, update: 0, unchanged: 0 },
    indicators: { create: 1, update: 0, unchanged: 0 },
    tasks: { create: 1, update: 0, unchanged: 0 },
  },
  changes: [
    { entity: 'agency', code: 'so-khoa-hoc-va-cong-nghe', action: 'create', fields: [] },
    { entity: 'agency', code: 'so-tai-chinh', action: 'create', fields: [] },
    { entity: 'agency_group', code: 'city_departments', action: 'create', fields: [] },
    { entity: 'program', code: '05/CTr-UBND', action: 'create', fields: [] },
    { entity: 'task_group', code: '1', action: 'create', fields: [] },
    { entity: 'indicator', code: '1', action: 'create', fields: [] },
    { entity: 'task', code: '01', action: 'create', fields: [] },
  ],
};

export const importRefusalExample = {
  type: 'tag:plantrack,2026:problems/invalid-value',
  title: 'A value breaks a rule',
  status: 422,
  detail: 'The document has 2 problems; nothing was written. `report` lists them.',
  instance: '/v1/imports',
  requestId: '6f1c2a4e-1b7d-4a8e-9f1e-2c3d4e5f6a7b',
  errors: [
    { in: 'body', pointer: '/tasks/0/leadAgencyCode', message: "names the agency so-tai-chinh-moi, which is neither in the document's agencies nor in the service" },
    { in: 'body', pointer: '/tasks/0/deadline/toYear', message: 'must be after fromYear (2026) for a year_range deadline (a single year is kind year)' },
  ],
  report: {
    valid: false,
    dryRun: false,
    programId: null,
    problems: [
      { pointer: '/tasks/0/leadAgencyCode', message: "names the agency so-tai-chinh-moi, which is neither in the document's agencies nor in the service" },
      { pointer: '/tasks/0/deadline/toYear', message: 'must be after fromYear (2026) for a year_range deadline (a single year is kind year)' },
    ],
    omittedProblems: 0,
    summary: null,
    changes: [],
  },
};
