import Type, { type Static } from 'typebox';
import { ListQuery } from '../../http/pagination.js';
import { DateString, PatchBody, Text, Timestamps, Uuid, Year } from '../../http/schemas.js';

export const Holiday = Type.Object(
  { id: Uuid(), date: DateString('A day off that submission deadlines skip.'), name: Type.String({ maxLength: 200 }), ...Timestamps },
  { additionalProperties: false, title: 'PublicHoliday' },
);
export const holidayExample = {
  id: '7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a',
  date: '2025-09-02',
  name: 'Quốc khánh',
  createdAt: '2026-11-27T00:00:00.000Z',
  updatedAt: '2026-11-27T00:00:00.000Z',
};

const writable = { date: DateString('The day (YYYY-MM-DD); one entry per day.'), name: Text(200, 'e.g. `Tết Nguyên đán`, `Nghỉ bù Quốc khánh`.') };
export const HolidayCreate = Type.Object(writable, { additionalProperties: false, title: 'PublicHolidayCreate', examples: [{ date: '2027-02-08', name: 'Tết Nguyên đán' }] });
export type HolidayCreate = Static<typeof HolidayCreate>;
export const HolidayPatch = PatchBody(writable, 'PublicHolidayPatch', { name: 'Nghỉ bù Quốc khánh' });
export type HolidayPatch = Static<typeof HolidayPatch>;

export const holidaySorts = ['date', '-date'] as const;
export const HolidayListQuery = ListQuery({ year: Type.Optional(Year('Only the holidays of this year.')) }, holidaySorts, 'date');
export type HolidayListQuery = Static<typeof HolidayListQuery>;
