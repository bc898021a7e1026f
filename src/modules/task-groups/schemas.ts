import Type, { type Static } from 'typebox';
import { CursorParam, LimitParam } from '../../http/pagination.js';
import { AppendixSection, Code, IdOrCode, Int32, Nullable, SearchParam, StringEnum, Text, Timestamps, Uuid } from '../../http/schemas.js';

export const taskGroupExample = {
  id: '8e7d6c5b-4a39-4281-9f0e-1d2c3b4a5968',
  programId: '0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
  code: '7',
  title: 'Đẩy mạnh liên kết vùng và hợp tác với các tỉnh, thành trong cả nước',
  position: 7,
  appendixSection: 'VI',
  appendixTitle: 'Đẩy mạnh liên kết vùng và hợp tác với các tỉnh, thành trong cả nước',
  taskCount: 2,
  createdAt: '2026-11-27T00:00:00.000Z',
  updatedAt: '2026-11-27T00:00:00.000Z',
};

const Position = Int32({ minimum: 1, maximum: 1000, description: 'Order within the program (section V numbering).' });
const Section = AppendixSection('The appendix section that repeats this group, e.g. `VI`; unique within the program.');

export const TaskGroup = Type.Object(
  {
    id: Uuid(),
    programId: Uuid('The program the group belongs to.'),
    code: Type.String({ maxLength: 64, description: 'The group\'s number in section V, e.g. `7`; unique within the program.' }),
    title: Type.String({ maxLength: 2000, description: 'The section V heading, verbatim.' }),
    position: Position,
    appendixSection: Nullable(Section),
    appendixTitle: Nullable(Type.String({ maxLength: 2000, description: 'The appendix section\'s heading as printed there.' })),
    taskCount: Int32({ minimum: 0, maximum: 1000000, description: 'How many tasks the group holds.' }),
    ...Timestamps,
  },
  { additionalProperties: false, title: 'TaskGroup' },
);
export type TaskGroup = Static<typeof TaskGroup>;

const writable = {
  code: Code('The group\'s number in section V; unique within the program.'),
  title: Text(2000, 'The section V heading.'),
  position: Position,
  appendixSection: Nullable(Section),
  appendixTitle: Nullable(Text(2000, 'The appendix section\'s heading as printed there.')),
};

export const TaskGroupCreate = Type.Object(
  {
    programId: Uuid('The program the group belongs to; it cannot change later.'),
    code: writable.code,
    title: writable.title,
    position: writable.position,
    appendixSection: Type.Optional(writable.appendixSection),
    appendixTitle: Type.Optional(writable.appendixTitle),
  },
  {
    additionalProperties: false,
    title: 'TaskGroupCreate',
    examples: [
      {
        programId: '0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
        code: '14',
        title: 'Đẩy mạnh chuyển đổi số trong cơ quan nhà nước',
        position: 14,
        appendixSection: 'IX',
        appendixTitle: 'Đẩy mạnh chuyển đổi số trong cơ quan nhà nước',
      },
    ],
  },
);
export type TaskGroupCreate = Static<typeof TaskGroupCreate>;

export const TaskGroupPatch = Type.Partial(Type.Object(writable), {
  additionalProperties: false,
  minProperties: 1,
  title: 'TaskGroupPatch',
  examples: [{ appendixSection: null, appendixTitle: null }],
});
export type TaskGroupPatch = Static<typeof TaskGroupPatch>;

export const taskGroupSorts = ['position', '-position', 'code'] as const;

export const TaskGroupListQuery = Type.Object(
  {
    programId: Type.Optional(IdOrCode('Only groups of this program (id or code, e.g. `17/CTr-UBND`).')),
    appendixSection: Type.Optional(Section),
    q: Type.Optional(SearchParam),
    sort: Type.Optional(
      StringEnum(taskGroupSorts, { default: 'position', description: 'Order, program by program; `-` for descending. `code` orders codes as text (`10` before `2`).' }),
    ),
    limit: Type.Optional(LimitParam),
    cursor: Type.Optional(CursorParam),
  },
  { additionalProperties: false },
);
export type TaskGroupListQuery = Static<typeof TaskGroupListQuery>;
