// GET /v1/programs/{id}/periods: the reporting periods of a program with their Decree 09 data cut-off windows,
// calendar windows and submission deadlines (the program's rule, weekends and public holidays skipped).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { eq } from 'drizzle-orm';
import Type from 'typebox';
import { readAccess } from '../../auth/roles.js';
import { programs } from '../../db/schema/index.js';
import { calendarWindow, periodKinds, periodsBetween, reportingWindow, submissionDeadline, type PeriodKind } from '../../domain/periods.js';
import { notFound } from '../../http/problem.js';
import { errorResponses, jsonResponse } from '../../http/responses.js';
import { CalendarDate, IdParams, Int32, Nullable, PeriodId, StringEnum } from '../../http/schemas.js';
import { holidaySet } from '../holidays/repository.js';

const Window = (description: string) => Type.Object({ from: CalendarDate(), to: CalendarDate() }, { additionalProperties: false, description });

const ReportingPeriod = Type.Object(
  {
    id: PeriodId('The period id:'),
    kind: StringEnum(periodKinds),
    year: Int32({ minimum: 1900, maximum: 2200 }),
    index: Int32({ minimum: 1, maximum: 12, description: '1 for a year; 1–2 half-years; 1–4 quarters; 1–12 months.' }),
    reportingWindow: Window('Decree 09/2019/NĐ-CP art. 12 data cut-off: the 15th of the month before the period to the 14th of its last month.'),
    calendarWindow: Window('The calendar period, which statistical indicators (GRDP …) use.'),
    submissionDeadline: CalendarDate('Reports are due by this day: the cut-off plus the program\'s working days.'),
  },
  { additionalProperties: false, title: 'ReportingPeriod' },
);

const PeriodList = Type.Object(
  { items: Type.Array(ReportingPeriod, { maxItems: 6000, description: 'At most 301 years × 19 periods a year.' }), nextCursor: Nullable(Type.String({ maxLength: 1, description: 'Always null: every period is on one page.' })) },
  { additionalProperties: false, title: 'ReportingPeriodList' },
);

const PeriodQuery = Type.Object(
  { kind: Type.Optional(StringEnum(periodKinds, { description: 'Only this kind; default: the kinds the program is reported on.' })) },
  { additionalProperties: false },
);

export const periodRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/programs/:id/periods',
    {
      config: { access: readAccess },
      schema: {
        operationId: 'listProgramPeriods',
        tags: ['Reports'],
        summary: 'Reporting periods of a program',
        description: 'Every period of the program\'s years, oldest first, of the kinds it is reported on (or of `kind`), with windows and deadlines. All on one page.',
        params: IdParams,
        querystring: PeriodQuery,
        response: {
          200: jsonResponse(
            'The periods.',
            PeriodList,
            {
              items: [
                {
                  id: '2023',
                  kind: 'annual',
                  year: 2023,
                  index: 1,
                  reportingWindow: { from: '2022-12-15', to: '2023-12-14' },
                  calendarWindow: { from: '2023-01-01', to: '2023-12-31' },
                  submissionDeadline: '2023-12-21',
                },
              ],
              nextCursor: null,
            },
          ),
          ...errorResponses({ notFound: true }),
        },
      },
    },
    async (request) => {
      const [program] = await app.db
        .select({ startYear: programs.startYear, endYear: programs.endYear, kinds: programs.reportingPeriodKinds, days: programs.reportDeadlineWorkingDays })
        .from(programs)
        .where(eq(programs.id, request.params.id));
      if (!program) throw notFound('program', request.params.id);
      const holidays = await holidaySet(app.db);
      const kinds = request.query.kind ? [request.query.kind as PeriodKind] : (program.kinds as PeriodKind[]);
      const items = kinds
        .flatMap((kind) => periodsBetween(kind, program.startYear, program.endYear))
        .map((period) => ({
          ...period,
          reportingWindow: reportingWindow(period),
          calendarWindow: calendarWindow(period),
          submissionDeadline: submissionDeadline(period, { workingDaysAfterCutoff: program.days }, holidays),
        }))
        .sort((a, b) => a.reportingWindow.to.localeCompare(b.reportingWindow.to) || a.id.localeCompare(b.id));
      return { items, nextCursor: null };
    },
  );
};
