import t from 'tap';
import { createTestApp, json } from './helpers/app.js';

const unknownId = '0b7c1f8e-2d0a-4a51-9a53-5d1f6f0a9b11';
const codes = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13'];
// Tasks per group in the appendix (sections I–VIII sit on groups 1–4 and 6–9).
const taskCounts = [1, 6, 11, 4, 0, 12, 2, 5, 3, 0, 0, 0, 0];

t.test('task groups', async (t) => {
  const { app } = await createTestApp(t);
  const get = async (id: string) => json(await app.inject(`/v1/task-groups/${id}`));
  const [program] = json(await app.inject('/v1/programs')).items;
  const groups = json(await app.inject('/v1/task-groups')).items;
  const group9 = groups[8];

  t.test('list and read', async (t) => {
    t.same(groups.map((g: any) => g.code), codes);
    t.same(groups.map((g: any) => g.position), codes.map(Number));
    t.same(groups.map((g: any) => g.taskCount), taskCounts);
    t.ok(groups.every((g: any) => g.programId === program.id));
    t.match(group9, {
      code: '9',
      appendixSection: 'VIII',
      title: 'Tăng cường quản lý tài nguyên và môi trường; chủ động phòng, chống, hạn chế tác động của thiên tai, thích ứng với biến đổi khí hậu',
      taskCount: 3,
    });
    t.match(groups[4], { code: '5', appendixSection: null, appendixTitle: null, taskCount: 0 });
    t.same(await get(group9.id), group9);
  });

  t.test('filters, search and sort', async (t) => {
    const byCode = json(await app.inject(`/v1/task-groups?programId=${encodeURIComponent('17/CTr-UBND')}`)).items;
    t.equal(byCode.length, 13);
    t.same(json(await app.inject(`/v1/task-groups?programId=${program.id}`)).items, byCode);
    t.same(json(await app.inject('/v1/task-groups?programId=99%2FCTr-UBND')).items, []);
    t.same(json(await app.inject(`/v1/task-groups?programId=${unknownId}`)).items, []);

    const section = json(await app.inject('/v1/task-groups?appendixSection=VIII')).items.map((g: any) => g.code);
    t.same(section, ['9']);

    const found = json(await app.inject('/v1/task-groups?q=ha%20tang%20giao%20thong')).items.map((g: any) => g.code);
    t.same(found, ['5']);
    const folded = json(await app.inject(`/v1/task-groups?q=${encodeURIComponent('BIẾN ĐỔI khí hậu')}`)).items.map((g: any) => g.code);
    t.same(folded, ['9']);

    t.same(json(await app.inject('/v1/task-groups?sort=-position')).items.map((g: any) => g.code), [...codes].reverse());
    t.same(json(await app.inject('/v1/task-groups?sort=code')).items.map((g: any) => g.code), [...codes].sort());
  });

  t.test('pagination over two pages', async (t) => {
    const first = json(await app.inject('/v1/task-groups?programId=17%2FCTr-UBND&limit=10'));
    t.same(first.items.map((g: any) => g.code), codes.slice(0, 10));
    t.same(first.items.map((g: any) => g.taskCount), taskCounts.slice(0, 10));
    const second = json(await app.inject(`/v1/task-groups?programId=17%2FCTr-UBND&limit=10&cursor=${first.nextCursor}`));
    t.same(second.items.map((g: any) => g.code), codes.slice(10));
    t.equal(second.nextCursor, null);

    const firstDescending = json(await app.inject('/v1/task-groups?sort=-position&limit=7'));
    const secondDescending = json(await app.inject(`/v1/task-groups?sort=-position&limit=7&cursor=${firstDescending.nextCursor}`));
    t.same([...firstDescending.items, ...secondDescending.items].map((g: any) => g.code), [...codes].reverse());
  });

  t.test('create, read, update, delete', async (t) => {
    const created = await app.inject({
      method: 'POST',
      url: '/v1/task-groups',
      payload: { programId: program.id, code: '14', title: 'Đẩy mạnh chuyển đổi số trong cơ quan nhà nước', position: 14 },
    });
    t.equal(created.statusCode, 201);
    const group = json(created);
    t.match(group, { programId: program.id, code: '14', position: 14, appendixSection: null, appendixTitle: null, taskCount: 0 });
    t.same(await get(group.id), group);

    const patched = await app.inject({
      method: 'PATCH',
      url: `/v1/task-groups/${group.id}`,
      payload: { appendixSection: 'IX', appendixTitle: 'Đẩy mạnh chuyển đổi số', position: 20 },
    });
    t.equal(patched.statusCode, 200);
    t.match(json(patched), { code: '14', appendixSection: 'IX', appendixTitle: 'Đẩy mạnh chuyển đổi số', position: 20 });
    t.ok(new Date(json(patched).updatedAt) >= new Date(group.updatedAt));
    const cleared = await app.inject({ method: 'PATCH', url: `/v1/task-groups/${group.id}`, payload: { appendixSection: null, appendixTitle: null } });
    t.match(json(cleared), { appendixSection: null, appendixTitle: null });

    t.equal((await app.inject({ method: 'DELETE', url: `/v1/task-groups/${group.id}` })).statusCode, 204);
    t.equal((await app.inject(`/v1/task-groups/${group.id}`)).statusCode, 404);
  });

  t.test('bad input', async (t) => {
    const before = await get(group9.id);
    const unchanged = async () => t.same(await get(group9.id), before, 'the group is unchanged');
    const count = async () => json(await app.inject('/v1/task-groups')).items.length;
    const valid = { programId: program.id, code: '15', title: 'Nhóm mới', position: 15 };

    const unknownField = await app.inject({ method: 'POST', url: '/v1/task-groups', payload: { ...valid, taskCount: 0 } });
    t.equal(unknownField.statusCode, 400);
    t.match(json(unknownField).errors, [{ in: 'body', pointer: '/taskCount' }]);
    const programNotPatchable = await app.inject({ method: 'PATCH', url: `/v1/task-groups/${group9.id}`, payload: { programId: program.id } });
    t.equal(programNotPatchable.statusCode, 400);
    t.match(json(programNotPatchable).errors, [{ in: 'body', pointer: '/programId' }]);
    await unchanged();

    const wrongType = await app.inject({ method: 'PATCH', url: `/v1/task-groups/${group9.id}`, payload: { position: '9' } });
    t.equal(wrongType.statusCode, 400);
    t.match(json(wrongType).errors, [{ in: 'body', pointer: '/position' }]);
    for (const position of [0, 1001, 2.5]) {
      const outOfRange = await app.inject({ method: 'PATCH', url: `/v1/task-groups/${group9.id}`, payload: { position } });
      t.equal(outOfRange.statusCode, 400);
      t.match(json(outOfRange).errors, [{ pointer: '/position' }]);
    }
    const blankCode = await app.inject({ method: 'POST', url: '/v1/task-groups', payload: { ...valid, code: ' ' } });
    t.equal(blankCode.statusCode, 400);
    t.match(json(blankCode).errors, [{ pointer: '/code' }]);
    t.equal((await app.inject('/v1/task-groups?sort=title')).statusCode, 400);
    const limit = await app.inject('/v1/task-groups?limit=-1');
    t.equal(limit.statusCode, 400);
    t.match(json(limit).errors, [{ in: 'query', pointer: '/limit' }]);
    await unchanged();

    const malformed = await app.inject('/v1/task-groups/9');
    t.equal(malformed.statusCode, 400);
    t.match(json(malformed).errors, [{ in: 'path', pointer: '/id' }]);

    t.equal((await app.inject(`/v1/task-groups/${unknownId}`)).statusCode, 404);
    t.equal((await app.inject({ method: 'PATCH', url: `/v1/task-groups/${unknownId}`, payload: { position: 3 } })).statusCode, 404);
    t.equal((await app.inject({ method: 'DELETE', url: `/v1/task-groups/${unknownId}` })).statusCode, 404);

    const duplicate = await app.inject({ method: 'POST', url: '/v1/task-groups', payload: { ...valid, code: '9' } });
    t.equal(duplicate.statusCode, 409);
    t.equal(json(duplicate).type, 'tag:plantrack,2026:problems/duplicate');
    t.match(json(duplicate).errors, [{ in: 'body', pointer: '/code' }]);
    const duplicateSection = await app.inject({ method: 'POST', url: '/v1/task-groups', payload: { ...valid, appendixSection: 'VIII' } });
    t.equal(duplicateSection.statusCode, 409);
    t.match(json(duplicateSection).errors, [{ pointer: '/appendixSection' }]);
    const duplicatePatch = await app.inject({ method: 'PATCH', url: `/v1/task-groups/${group9.id}`, payload: { code: '1', title: 'Đổi' } });
    t.equal(duplicatePatch.statusCode, 409);
    t.match(json(duplicatePatch).errors, [{ pointer: '/code' }]);
    await unchanged();

    const unknownProgram = await app.inject({ method: 'POST', url: '/v1/task-groups', payload: { ...valid, programId: unknownId } });
    t.equal(unknownProgram.statusCode, 422);
    t.equal(json(unknownProgram).type, 'tag:plantrack,2026:problems/unknown-reference');
    t.match(json(unknownProgram).errors, [{ in: 'body', pointer: '/programId' }]);
    t.equal(await count(), 13, 'no group was created');

    const inUse = await app.inject({ method: 'DELETE', url: `/v1/task-groups/${group9.id}` });
    t.equal(inUse.statusCode, 409);
    t.equal(json(inUse).type, 'tag:plantrack,2026:problems/in-use');
    await unchanged();
    t.equal(await count(), 13, 'no group was deleted');
  });
});
