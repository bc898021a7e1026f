import t from 'tap';
import { createTestApp, json } from './helpers/app.js';

t.test('programs', async (t) => {
  const { app } = await createTestApp(t);

  const list = await app.inject('/v1/programs');
  t.equal(list.statusCode, 200);
  const [program] = json(list).items;
  t.equal(program.code, '17/CTr-UBND');
  t.equal(program.coordinator.shortName, 'Sở KH&ĐT');
  t.equal(json(list).nextCursor, null);

  t.test('create, read, update, delete', async (t) => {
    const created = await app.inject({ method: 'POST', url: '/v1/programs', payload: { code: '05/CTr-UBND', title: 'Chương trình thử', startYear: 2026, endYear: 2030 } });
    t.equal(created.statusCode, 201);
    const id = json(created).id;
    t.match(json(created), { code: '05/CTr-UBND', issuer: null, resolution: null, startYear: 2026 });
    const patched = await app.inject({ method: 'PATCH', url: `/v1/programs/${id}`, payload: { resolution: '01/NQ-CP', issuerAgencyId: program.issuer.id } });
    t.equal(patched.statusCode, 200);
    t.equal(json(patched).resolution, '01/NQ-CP');
    t.equal(json(patched).issuer.code, 'ubnd-tp-can-tho');
    t.ok(new Date(json(patched).updatedAt) >= new Date(json(created).updatedAt));
    t.equal((await app.inject({ method: 'DELETE', url: `/v1/programs/${id}` })).statusCode, 204);
    t.equal((await app.inject(`/v1/programs/${id}`)).statusCode, 404);
  });

  t.test('search and pagination', async (t) => {
    for (const code of ['A/1', 'B/2', 'C/3']) {
      await app.inject({ method: 'POST', url: '/v1/programs', payload: { code, title: `Kế hoạch ${code}`, startYear: 2026, endYear: 2030 } });
    }
    const first = json(await app.inject('/v1/programs?limit=2&sort=code'));
    t.same(first.items.map((p: any) => p.code), ['17/CTr-UBND', 'A/1']);
    const second = json(await app.inject(`/v1/programs?limit=2&sort=code&cursor=${first.nextCursor}`));
    t.same(second.items.map((p: any) => p.code), ['B/2', 'C/3']);
    t.equal(second.nextCursor, null);
    const found = json(await app.inject('/v1/programs?q=ke%20hoach&sort=-code'));
    t.same(found.items.map((p: any) => p.code), ['C/3', 'B/2', 'A/1', '17/CTr-UBND']);
    const mixed = await app.inject(`/v1/programs?limit=2&sort=title&cursor=${first.nextCursor}`);
    t.equal(mixed.statusCode, 400);
    t.equal(json(mixed).errors[0].pointer, '/cursor');
  });

  t.test('a program with tasks cannot be deleted', async (t) => {
    const response = await app.inject({ method: 'DELETE', url: `/v1/programs/${program.id}` });
    t.equal(response.statusCode, 409);
    t.equal(json(response).type, 'tag:plantrack,2026:problems/in-use');
    t.equal((await app.inject(`/v1/programs/${program.id}`)).statusCode, 200);
  });
});
