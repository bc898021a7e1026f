// The tables of the consolidated report as files: CSV (RFC 4180 via csv-stringify, optionally with a UTF-8 BOM for
// spreadsheet programs), a zip of every table as CSV (archiver), and an XLSX workbook with one sheet per table,
// bold frozen headers and set column widths (exceljs).
import { ZipArchive } from 'archiver';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { Table } from './tables.js';

export function tableCsv(table: Table, bom: boolean): Buffer {
  const text = stringify([table.columns.map((c) => c.header), ...table.rows], { bom, record_delimiter: 'windows' });
  return Buffer.from(text, 'utf8');
}

export async function tablesZip(tables: Table[], bom: boolean, prefix: string): Promise<Buffer> {
  const zip = new ZipArchive({ zlib: { level: 6 } });
  const chunks: Buffer[] = [];
  zip.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    zip.on('end', resolve);
    zip.on('error', reject);
  });
  for (const table of tables) zip.append(tableCsv(table, bom), { name: `${prefix}_${table.name}.csv` });
  await zip.finalize();
  await done;
  return Buffer.concat(chunks);
}

export async function tablesXlsx(tables: Table[], meta: { title: string; subject: string }): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'plantrack';
  workbook.title = meta.title;
  workbook.subject = meta.subject;
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.title, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = table.columns.map((c) => ({ header: c.header, width: c.width }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).alignment = { vertical: 'middle', wrapText: true };
    for (const row of table.rows) sheet.addRow(row);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
