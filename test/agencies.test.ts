import t from 'tap';
import { createTestApp, json } from './helpers/app.js';

const unknownId = '0b7c1f8e-2d0a-4a51-9a53-5d1f6f0a9b11';

t.test('agencies', async (t) => {
  const { app } = await createTestApp(t);
  const get = async (id: string) => json(await app.inject(`/v1/agencies/${id}`));
  const byCode = async (code: string) => json(await app.inject(`/v1/agencies?q=${code}`)).items.find((a: any) => a.code === code);

  const dpi = await byCode('so-ke-hoach-va-dau-tu');
  const cityPc = await byCode('ubnd-tp-can-tho');
  t.match(dpi, { name: 'Sở Kế hoạch và Đầu tư', shortName: 'Sở KH&ĐT', kind: 'department', parent: { id: cityPc.id, code: 'ubnd-tp-can-tho', shortName: 'UBND thành phố' } });
  t.equal(cityPc.parent, null);

  t.test('list, filters and search', async (t) => {
    const all = await app.inject('/v1/agencies');
    t.equal(all.statusCode, 200);
    t.ok(json(all).items.length > 20);
    t.equal(json(all).nextCursor, null);

    const districts = json(await app.inject('/v1/agencies?kind=district_peoples_committee')).items;
    t.equal(districts.length, 9);
    t.ok(districts.every((a: any) => a.kind === 'district_peoples_committee'));

    const partyByCode = json(await app.inject('/v1/agencies?parentId=thanh-uy-can-tho&sort=code')).items.map((a: any) => a.code);
    t.same(partyByCode, ['ban-chap-hanh-dang-bo-thanh-pho', 'ban-thuong-vu-thanh-uy', 'ban-tuyen-giao-thanh-uy', 'van-phong-thanh-uy-can-tho']);
    const partyCommittee = await byCode('thanh-uy-can-tho');
    const partyById = json(await app.inject(`/v1/agencies?parentId=${partyCommittee.id}&sort=code`)).items.map((a: any) => a.code);
    t.same(partyById, partyByCode);
    t.same(json(await app.inject('/v1/agencies?parentId=no-such-agency')).items, []);

    const found = json(await app.inject('/v1/agencies?q=so%20ke%20hoach')).items.map((a: any) => a.name);
    t.same(found, ['Sở Kế hoạch và Đầu tư']);
    const byShortName = json(await app.inject(`/v1/agencies?q=${encodeURIComponent('SỞ KH&ĐT')}`)).items.map((a: any) => a.code);
    t.same(byShortName, ['so-ke-hoach-va-dau-tu']);

    const combined = json(await app.inject('/v1/agencies?kind=department&q=so')).items;
    t.equal(combined.length, 10);
  });

  t.test('pagination over two pages', async (t) => {
    const all = json(await app.inject('/v1/agencies?kind=department&sort=-code')).items.map((a: any) => a.code);
    t.equal(all.length, 10);
    t.same([...all].sort().reverse(), all);
    const first = json(await app.inject('/v1/agencies?kind=department&sort=-code&limit=6'));
    t.equal(first.items.length, 6);
    t.type(first.nextCursor, 'string');
    const second = json(await app.inject(`/v1/agencies?kind=department&sort=-code&limit=6&cursor=${first.nextCursor}`));
    t.equal(second.nextCursor, null);
    t.same([...first.items, ...second.items].map((a: any) => a.code), all);

    const byName = json(await app.inject('/v1/agencies?limit=200&sort=name')).items.map((a: any) => a.name);
    const firstByName = json(await app.inject('/v1/agencies?limit=5&sort=name'));
    t.same(firstByName.items.map((a: any) => a.name), byName.slice(0, 5));
    const nextByName = json(await app.inject(`/v1/agencies?limit=5&sort=name&cursor=${firstByName.nextCursor}`));
    t.same(nextByName.items.map((a: any) => a.name), byName.slice(5, 10));

    const mixed = await app.inject(`/v1/agencies?sort=name&cursor=${first.nextCursor}`);
    t.equal(mixed.statusCode, 400);
    t.equal(json(mixed).errors[0].pointer, '/cursor');
  });

  t.test('create, read, update, delete', async (t) => {
    const created = await app.inject({
      method: 'POST',
      url: '/v1/agencies',
      payload: { code: 'so-tai-chinh', name: 'Sở Tài chính', shortName: 'STC', kind: 'department', parentId: cityPc.id },
    });
    t.equal(created.statusCode, 201);
    const agency = json(created);
    t.match(agency, { code: 'so-tai-chinh', name: 'Sở Tài chính', shortName: 'STC', kind: 'department', parent: { id: cityPc.id, code: 'ubnd-tp-can-tho' } });
    t.match(agency.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    t.same(await get(agency.id), agency);

    const patched = await app.inject({ method: 'PATCH', url: `/v1/agencies/${agency.id}`, payload: { name: 'Sở Tài chính thành phố Cần Thơ', shortName: null, parentId: null } });
    t.equal(patched.statusCode, 200);
    t.match(json(patched), { code: 'so-tai-chinh', name: 'Sở Tài chính thành phố Cần Thơ', shortName: null, parent: null });
    t.ok(new Date(json(patched).updatedAt) >= new Date(agency.updatedAt));

    const minimal = await app.inject({ method: 'POST', url: '/v1/agencies', payload: { code: 'bo-tai-chinh', name: 'Bộ Tài chính', kind: 'central_agency' } });
    t.equal(minimal.statusCode, 201);
    t.match(json(minimal), { shortName: null, parent: null });

    t.equal((await app.inject({ method: 'DELETE', url: `/v1/agencies/${agency.id}` })).statusCode, 204);
    t.equal((await app.inject(`/v1/agencies/${agency.id}`)).statusCode, 404);
    t.equal((await app.inject({ method: 'DELETE', url: `/v1/agencies/${json(minimal).id}` })).statusCode, 204);
  });

  t.test('bad input', async (t) => {
    const before = await get(dpi.id);
    const unchanged = async () => t.same(await get(dpi.id), before, 'the agency is unchanged');
    const count = async () => json(await app.inject('/v1/agencies?limit=200')).items.length;
    const total = await count();
    const valid = { code: 'so-moi', name: 'Sở Mới', kind: 'department' };

    const unknownField = await app.inject({ method: 'POST', url: '/v1/agencies', payload: { ...valid, nameEn: 'New Department' } });
    t.equal(unknownField.statusCode, 400);
    t.match(json(unknownField).errors, [{ in: 'body', pointer: '/nameEn' }]);

    const wrongType = await app.inject({ method: 'PATCH', url: `/v1/agencies/${dpi.id}`, payload: { name: 42 } });
    t.equal(wrongType.statusCode, 400);
    t.match(json(wrongType).errors, [{ in: 'body', pointer: '/name' }]);
    await unchanged();

    const badKind = await app.inject({ method: 'POST', url: '/v1/agencies', payload: { ...valid, kind: 'ministry' } });
    t.equal(badKind.statusCode, 400);
    t.match(json(badKind).errors, [{ pointer: '/kind' }]);

    const tooLong = await app.inject({ method: 'PATCH', url: `/v1/agencies/${dpi.id}`, payload: { shortName: 'x'.repeat(101) } });
    t.equal(tooLong.statusCode, 400);
    t.match(json(tooLong).errors, [{ pointer: '/shortName' }]);
    await unchanged();

    const emptyPatch = await app.inject({ method: 'PATCH', url: `/v1/agencies/${dpi.id}`, payload: {} });
    t.equal(emptyPatch.statusCode, 400);

    const limit = await app.inject('/v1/agencies?limit=201');
    t.equal(limit.statusCode, 400);
    t.match(json(limit).errors, [{ in: 'query', pointer: '/limit' }]);
    t.equal((await app.inject('/v1/agencies?sort=shortName')).statusCode, 400);
    t.equal((await app.inject('/v1/agencies?kind=ministry')).statusCode, 400);

    const malformed = await app.inject('/v1/agencies/so-ke-hoach-va-dau-tu');
    t.equal(malformed.statusCode, 400);
    t.match(json(malformed).errors, [{ in: 'path', pointer: '/id' }]);

    const missing = await app.inject(`/v1/agencies/${unknownId}`);
    t.equal(missing.statusCode, 404);
    t.equal(json(missing).type, 'tag:plantrack,2026:problems/not-found');
    t.equal((await app.inject({ method: 'PATCH', url: `/v1/agencies/${unknownId}`, payload: { name: 'Sở Mới' } })).statusCode, 404);
    t.equal((await app.inject({ method: 'PATCH', url: `/v1/agencies/${unknownId}`, payload: { parentId: cityPc.id } })).statusCode, 404);
    t.equal((await app.inject({ method: 'DELETE', url: `/v1/agencies/${unknownId}` })).statusCode, 404);

    const duplicate = await app.inject({ method: 'POST', url: '/v1/agencies', payload: { ...valid, code: 'so-xay-dung' } });
    t.equal(duplicate.statusCode, 409);
    t.equal(json(duplicate).type, 'tag:plantrack,2026:problems/duplicate');
    t.match(json(duplicate).errors, [{ in: 'body', pointer: '/code' }]);
    const duplicatePatch = await app.inject({ method: 'PATCH', url: `/v1/agencies/${dpi.id}`, payload: { code: 'so-xay-dung', name: 'Sở Khác' } });
    t.equal(duplicatePatch.statusCode, 409);
    t.match(json(duplicatePatch).errors, [{ pointer: '/code' }]);
    await unchanged();

    const unknownParent = await app.inject({ method: 'POST', url: '/v1/agencies', payload: { ...valid, parentId: unknownId } });
    t.equal(unknownParent.statusCode, 422);
    t.equal(json(unknownParent).type, 'tag:plantrack,2026:problems/unknown-reference');
    t.match(json(unknownParent).errors, [{ in: 'body', pointer: '/parentId' }]);
    const unknownParentPatch = await app.inject({ method: 'PATCH', url: `/v1/agencies/${dpi.id}`, payload: { parentId: unknownId } });
    t.equal(unknownParentPatch.statusCode, 422);
    t.match(json(unknownParentPatch).errors, [{ pointer: '/parentId' }]);
    await unchanged();
    t.equal(await count(), total, 'no agency was created');

    // DPI leads tasks, coordinates the program and belongs to a group; the City People's Committee has children.
    for (const agency of [dpi, cityPc]) {
      const inUse = await app.inject({ method: 'DELETE', url: `/v1/agencies/${agency.id}` });
      t.equal(inUse.statusCode, 409);
      t.equal(json(inUse).type, 'tag:plantrack,2026:problems/in-use');
      t.same(await get(agency.id), agency, 'the agency is still there, unchanged');
    }
    t.equal(await count(), total, 'no agency was deleted');
  });

  t.test('the hierarchy cannot loop', async (t) => {
    const create = async (code: string, parentId: string | null) =>
      json(await app.inject({ method: 'POST', url: '/v1/agencies', payload: { code, name: `Phòng ${code}`, kind: 'office', parentId } }));
    const top = await create('phong-a', null);
    const middle = await create('phong-b', top.id);
    const bottom = await create('phong-c', middle.id);

    for (const parentId of [bottom.id, middle.id, top.id]) {
      const loop = await app.inject({ method: 'PATCH', url: `/v1/agencies/${top.id}`, payload: { parentId } });
      t.equal(loop.statusCode, 422);
      t.equal(json(loop).type, 'tag:plantrack,2026:problems/invalid-value');
      t.match(json(loop).errors, [{ in: 'body', pointer: '/parentId' }]);
      t.same(await get(top.id), top, 'the agency is unchanged');
    }

    const cityUnderDpi = await app.inject({ method: 'PATCH', url: `/v1/agencies/${cityPc.id}`, payload: { parentId: dpi.id } });
    t.equal(cityUnderDpi.statusCode, 422);
    t.equal((await get(cityPc.id)).parent, null);

    // Moving a subtree elsewhere is fine.
    const moved = await app.inject({ method: 'PATCH', url: `/v1/agencies/${middle.id}`, payload: { parentId: dpi.id } });
    t.equal(moved.statusCode, 200);
    t.equal(json(moved).parent.code, 'so-ke-hoach-va-dau-tu');
    const bottomToTop = await app.inject({ method: 'PATCH', url: `/v1/agencies/${top.id}`, payload: { parentId: bottom.id } });
    t.equal(bottomToTop.statusCode, 200);
  });
});
