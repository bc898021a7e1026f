// Period ids name the reporting periods of Decree 09/2019/NĐ-CP and the calendar periods of statistics:
// `2025` (year), `2025-H1` (half-year), `2025-Q3` (quarter), `2025-07` (month). One format everywhere:
// it sorts chronologically within a granularity and reads the same in URLs, CSV and the database.

export const periodIdPattern = /^[0-9]{4}(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$/;

