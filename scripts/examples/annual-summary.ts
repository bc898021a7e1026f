// An example of scripting plantrack with its typed client and nothing else: for one program and year, the indicator
// assessment and the overdue tasks by lead agency, as plain text.
//
//   npx tsx scripts/examples/annual-summary.ts --url http://127.0.0.1:3000 --token "$(cat data/admin-key.txt)" \
//     --program 17/CTr-UBND --year 2023
import { parseArgs } from 'node:util';
import { createPlantrackClient, unwrap, type paths } from '../../clients/typescript/src/index.js';

type ConsolidatedReport = paths['/v1/programs/{id}/consolidated-reports/{period}']['get']['responses'][200]['content']['application/json'];

const { values } = parseArgs({
  options: { url: { type: 'string', default: 'http://127.0.0.1:3000' }, token: { type: 'string' }, program: { type: 'string', default: '17/CTr-UBND' }, year: { type: 'string' } },
});
if (!values.year || !/^\d{4}$/.test(values.year)) {
  process.stderr.write('usage: annual-summary.ts --url URL --token KEY --program CODE --year YYYY\n');
  process.exit(2);
}

const api = createPlantrackClient({ baseUrl: values.url!, ...(values.token ? { token: values.token } : {}) });

const programs = unwrap(await api.GET('/v1/programs', { params: { query: { q: values.program!, limit: 200 } } }));
const program = programs.items.find((p) => p.code === values.program);
if (!program) {
  process.stderr.write(`no program ${values.program}\n`);
  process.exit(1);
}

const report = unwrap(
  await api.GET('/v1/programs/{id}/consolidated-reports/{period}', { params: { path: { id: program.id, period: values.year! }, query: { format: 'json' } } }),
) as ConsolidatedReport;

const statusWords: Record<string, string> = { met: 'met', on_track: 'on track', at_risk: 'AT RISK', not_met: 'NOT MET', no_data: 'no data', no_target: '—' };
const out: string[] = [`${program.code} — ${values.year} (as of ${report.asOf})`, '', 'Indicators'];
for (const row of report.indicators) {
  const latest = row.latest ? `${row.latest.value} (${row.latest.period}${row.latest.kind === 'estimate' ? ', estimate' : ''})` : 'no value';
  out.push(`  ${row.indicator.code.padEnd(5)} ${statusWords[row.assessment.status]!.padEnd(9)} ${row.indicator.name}`);
  out.push(`        target ${row.target?.text ?? '—'}; latest ${latest}; ${row.assessment.reason}`);
}
out.push('', 'Overdue tasks by lead agency');
const byAgency = new Map<string, typeof report.overdueTasks>();
for (const task of report.overdueTasks) byAgency.set(task.leadAgency.name, [...(byAgency.get(task.leadAgency.name) ?? []), task]);
if (byAgency.size === 0) out.push('  none');
for (const [agency, tasks] of [...byAgency].sort(([a], [b]) => a.localeCompare(b, 'vi'))) {
  out.push(`  ${agency} (${tasks.length})`);
  for (const task of tasks) out.push(`    ${task.task.code} due ${task.dueOn}, ${task.progress}%: ${task.task.title}`);
}
process.stdout.write(`${out.join('\n')}\n`);
