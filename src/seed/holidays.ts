// Vietnamese public holidays 2021–2026, the seed of the service's holiday table: submission deadlines count
// working days and skip these (and every Saturday and Sunday). A deployment edits the table as data when the
// Government announces a year's days off; this file is only where it starts.
//
// Legal basis: Labour Code 2019 (45/2019/QH14) art. 112(1): Tết Dương lịch 1/1; Tết Âm lịch 5 days; Ngày Chiến
// thắng 30/4; Quốc tế Lao động 1/5; Quốc khánh 2/9 plus one day before or after it; Giỗ Tổ Hùng Vương 10/3 lunar.
// A holiday on a weekly rest day is given back on the next working day (art. 111(3), "nghỉ bù"). Each year the
// Prime Minister fixes which Tết and Quốc khánh days are taken, and may swap a working day for a Saturday
// ("hoán đổi") to join a holiday to a weekend; the Ministry of Labour, Invalids and Social Affairs announced
// these until 2025, the Ministry of Home Affairs since.
//
// What is listed: the schedule for civil servants and public employees (Saturday and Sunday off), every day of
// each announced break from its first to its last day, weekends inside or at the ends of a break included
// (harmless: weekends are skipped anyway). Enterprises may take different Tết and Quốc khánh days.
//
// Known gaps and uncertainties:
// - A swap moves work onto a Saturday: 2024-05-04, 2025-04-26, 2026-01-10 and 2026-08-22 were working days.
//   A list of days off cannot say so, and the working-day count still skips them, so a deadline counted across
//   one of those Saturdays falls a day later than strictly due (it errs in the reporting agency's favour).
// - 2026 is as announced in late 2025 (Notice 9441/TB-BNV of 2025-10-16 for Tết and Quốc khánh; Government
//   Office letter 12729/VPCP-KGVX of 2025-12-25 for the four-day New Year), as reported in the press; check it
//   against the notices before relying on it. Giỗ Tổ 2026 (Sunday 26/4) and its nghỉ bù on Monday 27/4 follow
//   from the Labour Code, not from a notice seen here.
// - 2021–2025 were cross-checked against press reports of the announcements, not against the notices' text.
// - Holidays created after the Labour Code 2019 as written, and local days off, are not included.

export interface PublicHoliday {
  /** YYYY-MM-DD */
  date: string;
  /** What the day off is for, in Vietnamese; compensatory and swapped days say so. */
  name: string;
}

const newYear = 'Tết Dương lịch';
const lunarNewYear = 'Tết Nguyên đán';
const hungKings = 'Giỗ Tổ Hùng Vương';
const victoryDay = 'Ngày Chiến thắng';
const labourDay = 'Quốc tế Lao động';
const nationalDay = 'Quốc khánh';

/** Each day from `from` to `to` inclusive, all under one name. */
function daysOff(from: string, to: string, name: string): PublicHoliday[] {
  const days: PublicHoliday[] = [];
  for (let ms = Date.parse(`${from}T00:00:00Z`); ms <= Date.parse(`${to}T00:00:00Z`); ms += 86_400_000) {
    days.push({ date: new Date(ms).toISOString().slice(0, 10), name });
  }
  return days;
}

const compensating = (holiday: string) => `Nghỉ bù ${holiday}`;
const swappedFor = (holiday: string) => `Nghỉ hoán đổi dịp ${holiday}`;

export const vietnamPublicHolidays: PublicHoliday[] = [
  // 2021
  ...daysOff('2021-01-01', '2021-01-03', newYear),
  ...daysOff('2021-02-10', '2021-02-16', lunarNewYear), // 29 Tết to mùng 5
  { date: '2021-04-21', name: hungKings },
  { date: '2021-04-30', name: victoryDay },
  ...daysOff('2021-05-01', '2021-05-02', labourDay),
  { date: '2021-05-03', name: compensating(labourDay) }, // 1/5 was a Saturday
  ...daysOff('2021-09-02', '2021-09-05', nationalDay), // with Friday 3/9 as the adjacent day

  // 2022
  ...daysOff('2022-01-01', '2022-01-02', newYear),
  { date: '2022-01-03', name: compensating(newYear) },
  ...daysOff('2022-01-29', '2022-02-06', lunarNewYear), // 29 Tết (31/1) to mùng 4 (4/2), with both weekends
  ...daysOff('2022-04-09', '2022-04-10', hungKings),
  { date: '2022-04-11', name: compensating(hungKings) }, // 10/3 lunar was a Sunday
  { date: '2022-04-30', name: victoryDay },
  { date: '2022-05-01', name: labourDay },
  { date: '2022-05-02', name: compensating(victoryDay) },
  { date: '2022-05-03', name: compensating(labourDay) },
  ...daysOff('2022-09-01', '2022-09-04', nationalDay), // with Thursday 1/9 as the adjacent day

  // 2023
  ...daysOff('2022-12-31', '2023-01-01', newYear),
  { date: '2023-01-02', name: compensating(newYear) },
  ...daysOff('2023-01-20', '2023-01-26', lunarNewYear), // 29 Tết to mùng 5
  { date: '2023-04-29', name: hungKings },
  { date: '2023-04-30', name: victoryDay },
  { date: '2023-05-01', name: labourDay },
  { date: '2023-05-02', name: compensating(hungKings) },
  { date: '2023-05-03', name: compensating(victoryDay) },
  ...daysOff('2023-09-01', '2023-09-03', nationalDay), // with Friday 1/9 as the adjacent day
  { date: '2023-09-04', name: compensating(nationalDay) },

  // 2024
  ...daysOff('2023-12-30', '2024-01-01', newYear),
  ...daysOff('2024-02-08', '2024-02-14', lunarNewYear), // 29 Tết to mùng 5
  { date: '2024-04-18', name: hungKings },
  ...daysOff('2024-04-27', '2024-04-28', victoryDay),
  { date: '2024-04-29', name: swappedFor(victoryDay) }, // worked on Saturday 2024-05-04 instead
  { date: '2024-04-30', name: victoryDay },
  { date: '2024-05-01', name: labourDay },
  ...daysOff('2024-08-31', '2024-09-03', nationalDay), // with Tuesday 3/9 as the adjacent day

  // 2025
  { date: '2025-01-01', name: newYear },
  ...daysOff('2025-01-25', '2025-02-02', lunarNewYear), // 28 Tết (27/1) to mùng 3 (31/1), with both weekends
  ...daysOff('2025-04-05', '2025-04-07', hungKings),
  { date: '2025-04-30', name: victoryDay },
  { date: '2025-05-01', name: labourDay },
  { date: '2025-05-02', name: swappedFor(labourDay) }, // worked on Saturday 2025-04-26 instead
  ...daysOff('2025-05-03', '2025-05-04', labourDay),
  ...daysOff('2025-08-30', '2025-09-02', nationalDay), // with Monday 1/9 as the adjacent day

  // 2026
  { date: '2026-01-01', name: newYear },
  { date: '2026-01-02', name: swappedFor(newYear) }, // worked on Saturday 2026-01-10 instead
  ...daysOff('2026-01-03', '2026-01-04', newYear),
  ...daysOff('2026-02-14', '2026-02-22', lunarNewYear), // 29 Tết (16/2) to mùng 4 (20/2), with both weekends
  ...daysOff('2026-04-25', '2026-04-26', hungKings),
  { date: '2026-04-27', name: compensating(hungKings) }, // 10/3 lunar is a Sunday
  { date: '2026-04-30', name: victoryDay },
  ...daysOff('2026-05-01', '2026-05-03', labourDay),
  ...daysOff('2026-08-29', '2026-08-30', nationalDay),
  { date: '2026-08-31', name: swappedFor(nationalDay) }, // to be worked on Saturday 2026-08-22
  ...daysOff('2026-09-01', '2026-09-02', nationalDay), // with Tuesday 1/9 as the adjacent day
];
