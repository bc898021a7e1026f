// The committed contract (openapi/openapi.json) is what integrators build against: it must be exactly what
// the code serves, and complete: every operation documented, with examples and the errors it can return.
import { readFileSync } from 'node:fs';
import t from 'tap';
import { generateOpenApi } from '../scripts/openapi-document.js';
import { createTestApp, json } from './helpers/app.js';

const committed = JSON.parse(readFileSync(new URL('../openapi/openapi.json', import.meta.url), 'utf8'));

t.test('the committed document is what the code generates', async (t) => {
  const generated = await generateOpenApi();
  t.same(generated, committed, 'openapi/openapi.json is stale: run `npm run openapi` and commit the result');
});

t.test('the service serves the same document as JSON and YAML', async (t) => {
  const { app } = await createTestApp(t, { seed: false });
  const served = await app.inject('/openapi.json');
  t.equal(served.statusCode, 200);
  t.same(json(served), committed);
  const yaml = await app.inject('/openapi.yaml');
  t.equal(yaml.statusCode, 200);
  t.match(yaml.headers['content-type'], /yaml/);
  t.match(yaml.body, /^openapi: 3\.1\.0/m);
  const docs = await app.inject('/docs/');
  t.equal(docs.statusCode, 200);
  t.match(docs.body, /swagger-ui/i);
});

t.test('every operation is documented completely', async (t) => {
  const operationIds = new Set<string>();
  for (const [path, item] of Object.entries<any>(committed.paths)) {
    for (const [method, operation] of Object.entries<any>(item)) {
      const name = `${method.toUpperCase()} ${path}`;
      t.ok(operation.operationId, `${name}: operationId`);
      t.notOk(operationIds.has(operation.operationId), `${name}: operationId is unique`);
      operationIds.add(operation.operationId);
      t.ok(operation.tags?.length, `${name}: tag`);
      t.ok(operation.summary, `${name}: summary`);
      t.ok(operation.description, `${name}: description`);
      const statuses = Object.keys(operation.responses);
      t.ok(statuses.some((s) => s.startsWith('2')), `${name}: a success response`);
      if (path.startsWith('/v1/')) {
        for (const status of ['400', '500', '503']) t.ok(statuses.includes(status), `${name}: documents ${status}`);
        if (path.includes('{id}')) t.ok(statuses.includes('404'), `${name}: documents 404`);
        if (operation.requestBody) {
          for (const status of ['413', '415']) t.ok(statuses.includes(status), `${name}: documents ${status}`);
          const media = operation.requestBody.content['application/json'];
          t.ok(media?.example ?? media?.examples, `${name}: request example`);
        }
      }
      for (const [status, response] of Object.entries<any>(operation.responses)) {
        for (const [type, media] of Object.entries<any>(response.content ?? {})) {
          if (type.includes('json')) t.ok(media.example !== undefined || media.examples !== undefined, `${name} ${status}: example`);
          if (Number(status) >= 400) t.equal(type, 'application/problem+json', `${name} ${status}: problem+json`);
        }
      }
    }
  }
  t.ok(operationIds.size >= 30, `${operationIds.size} operations`);
});
