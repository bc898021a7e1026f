// What a server's answer means for the exit code of `plantrack export --url` and `plantrack import --url`
// (docs/cli.md): a small HTTP server answers every request with the status under test as problem+json, and the real
// CLI runs against it. Answers that mean "not now or not with these credentials" are 4 for both commands; the rest
// follow what each command sends (export: a request, 2; import: a file, 3).
import { execFile } from 'node:child_process';
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';

function plantrack(args: string[]): Promise<{ code: number; stderr: string }> {
  const { DATABASE_URL: _url, DATA_DIR: _dir, ...env } = process.env;
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli/plantrack.ts', ...args], { env: { ...env, PLANTRACK_TOKEN: 'pt_test_token' } }, (error, _stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stderr }),
    );
  });
}

t.setTimeout(600_000);

t.test('exit codes from a server\'s answers', async (t) => {
  let status = 200;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(status, { 'content-type': 'application/problem+json' });
      response.end(JSON.stringify({ type: 'about:blank', title: 'Test', status, detail: `answered ${status}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => server.close());
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = await mkdtemp(join(tmpdir(), 'plantrack-exit-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'program.json');
  await writeFile(file, '{}');

  const expected: [number, number, number][] = [
    // [status, export, import]
    [400, 2, 3],
    [401, 4, 4],
    [403, 4, 4],
    [404, 2, 3],
    [422, 3, 3],
    [429, 4, 4],
    [500, 1, 1],
    [502, 4, 4],
    [503, 4, 4],
    [504, 4, 4],
  ];
  for (const [answer, exportCode, importCode] of expected) {
    status = answer;
    const exported = await plantrack(['export', 'tasks', '--url', url, '-o', join(dir, 'tasks.csv')]);
    t.equal(exported.code, exportCode, `export, ${answer}: exit ${exportCode}`);
    t.match(exported.stderr, String(answer), 'naming the status');
    const imported = await plantrack(['import', file, '--url', url]);
    t.equal(imported.code, importCode, `import, ${answer}: exit ${importCode}`);
    t.match(imported.stderr, String(answer), 'naming the status');
  }
});
