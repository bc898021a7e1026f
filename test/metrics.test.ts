import t from 'tap';
import { createTestApp, postgresUrl } from './helpers/app.js';

/** The value of one sample line, e.g. `name{label="x"} 3`. */
function sample(metrics: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = metrics.split('\n').find((l) => l.startsWith(`${name}{`) && wanted.every((w) => l.includes(w)));
  return line === undefined ? undefined : Number(line.split(' ').pop());
}

t.test('/metrics', async (t) => {
  const { app } = await createTestApp(t);
  const task = JSON.parse((await app.inject('/v1/tasks?limit=1')).body).items[0];
  for (let i = 0; i < 3; i++) await app.inject(`/v1/tasks/${task.id}`);
  await app.inject('/v1/tasks/00000000-0000-4000-8000-000000000000');
  const program = JSON.parse((await app.inject('/v1/programs')).body).items[0];
  const duplicate = await app.inject({ method: 'POST', url: '/v1/programs', payload: { code: program.code, title: 'x', startYear: 2026, endYear: 2030 } });
  t.equal(duplicate.statusCode, 409);

  const response = await app.inject('/metrics');
  t.equal(response.statusCode, 200);
  t.match(response.headers['content-type'], /^text\/plain; version=0\.0\.4/);
  const metrics = response.body;
  const byRoute = (status: string) =>
    sample(metrics, 'plantrack_http_request_duration_seconds_count', { method: 'GET', route: '/v1/tasks/:id', status_code: status });
  t.equal(byRoute('200'), 3, 'durations are labelled by route pattern and status');
  t.equal(byRoute('404'), 1);
  t.notMatch(metrics, task.id, 'ids never become labels');
  t.equal(sample(metrics, 'plantrack_db_errors_total', { kind: 'constraint' }), 1, 'the duplicate counted as a constraint error');
  t.match(metrics, /^plantrack_process_resident_memory_bytes \d+/m, 'process metrics');
  t.match(metrics, /^plantrack_nodejs_eventloop_lag_seconds /m, 'event-loop lag');
  if (postgresUrl) {
    t.ok((sample(metrics, 'plantrack_db_pool_connections', { state: 'total' }) ?? 0) >= 1, 'pool connections on PostgreSQL');
    t.equal(sample(metrics, 'plantrack_db_pool_connections', { state: 'waiting' }), 0);
  } else {
    t.notMatch(metrics, /plantrack_db_pool_connections\{/, 'PGlite has no pool to report');
  }
});
