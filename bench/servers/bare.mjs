// The "bare handler": fastify + pg with no validation, no serialisation schema, no auth, no hooks. For each URL the
// runner captured from plantrack (bench/lib/capture.ts), it runs exactly the statements plantrack ran for that
// request (same texts, same parameters, same order) and answers the last result's rows with JSON.stringify. It is
// the practical limit of a Node.js service running plantrack's SQL: what is left is the work plantrack does around
// it. Plain JavaScript, run by `node` directly (no TypeScript loader in the measured process).
//
//   node bench/servers/bare.mjs --port 3302 --database-url postgres://… --captured bench-results/captured-sql.json [--pool 10]
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import pg from 'pg';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '3302' },
    host: { type: 'string', default: '127.0.0.1' },
    'database-url': { type: 'string' },
    captured: { type: 'string' },
    pool: { type: 'string', default: '10' },
  },
});
if (!args['database-url'] || !args.captured) {
  process.stderr.write('bare: --database-url and --captured are required\n');
  process.exit(2);
}

/** @type {{ requests: Record<string, { statements: { text: string, values?: unknown[], rowMode?: string, name?: string }[] }> }} */
const captured = JSON.parse(readFileSync(args.captured, 'utf8'));
const transactional = /^\s*(begin|start\s+transaction|declare|savepoint)\b/i;
const routes = new Map(
  Object.entries(captured.requests).map(([url, request]) => [
    url,
    {
      // A statement plantrack prepares (a name) is prepared here too: the same SQL, run the same way.
      statements: request.statements.map((s) => ({ text: s.text, values: s.values, ...(s.rowMode ? { rowMode: s.rowMode } : {}), ...(s.name ? { name: s.name } : {}) })),
      // Statements that only make sense on one connection (a transaction, a cursor) run on one checked-out client.
      oneClient: request.statements.some((s) => transactional.test(s.text)),
    },
  ]),
);

const pool = new pg.Pool({ connectionString: args['database-url'], max: Number(args.pool), application_name: 'plantrack-bench-bare' });
pool.on('error', () => {});
const app = Fastify({ logger: false });

app.get('/__ready', async () => ({ ok: true, urls: routes.size }));
app.get('/*', async (request, reply) => {
  const route = routes.get(request.url);
  if (!route) return reply.code(404).type('application/json').send('{"error":"not captured"}');
  let result;
  if (route.oneClient) {
    const client = await pool.connect();
    try {
      for (const statement of route.statements) result = await client.query(statement);
    } finally {
      client.release();
    }
  } else {
    for (const statement of route.statements) result = await pool.query(statement);
  }
  return reply.type('application/json').send(JSON.stringify(result ? result.rows : []));
});

const close = async () => {
  await app.close();
  await pool.end();
  process.exit(0);
};
process.on('SIGTERM', close);
process.on('SIGINT', close);
await app.listen({ port: Number(args.port), host: args.host });
process.stdout.write(`bare handler serving ${routes.size} captured URLs at http://${args.host}:${args.port}\n`);
