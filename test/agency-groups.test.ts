import t from 'tap';
import { createTestApp, json } from './helpers/app.js';

const unknownId = '0b7c1f8e-2d0a-4a51-9a53-5d1f6f0a9b11';
const seedCodes = ['central_agencies_in_city', 'city_departments_and_boards', 'district_peoples_committees', 'relevant_agencies'];

t.test('agency groups', async (t) => {
  const { app } = await createTestApp(t);
  const get = async (id: string) => json(await app.inject(`/v1/agency-groups/${id}`));
  const agency = async (code: string) => json(await app.inject(`/v1/agencies?q=${code}`)).items.find((a: any) => a.code === code);
  const groups = json(await app.inject('/v1/agency-groups?sort=code')).items;
  const departments = groups.find((g: any) => g.code === 'city_departments_and_boards');

  const [banDanToc, soXayDung, ninhKieu, dpi] = await Promise.all(
    ['ban-dan-toc', 'so-xay-dung', 'ubnd-quan-ninh-kieu', 'so-ke-hoach-va-dau-tu'].map(agency),
  );

  t.test('list and read', async (t) => {
    t.same(groups.map((g: any) => g.code), seedCodes);
    t.equal(departments.name, 'Các Sở, ban ngành thành phố');
    t.equal(departments.members.length, 11);
    t.match(departments.members.find((m: any) => m.code === 'so-ke-hoach-va-dau-tu'), { id: dpi.id, name: 'Sở Kế hoạch và Đầu tư', shortName: 'Sở KH&ĐT' });
    t.equal(groups.find((g: any) => g.code === 'district_peoples_committees').members.length, 9);
    t.same(groups.find((g: any) => g.code === 'relevant_agencies').members, []);
    t.same(await get(departments.id), departments);
  });

  t.test('search and pagination', async (t) => {
    const found = json(await app.inject('/v1/agency-groups?q=so%20ban%20nganh')).items.map((g: any) => g.code);
    t.same(found, ['city_departments_and_boards']);
    const districts = json(await app.inject(`/v1/agency-groups?q=${encodeURIComponent('QUẬN huyen')}`)).items.map((g: any) => g.code);
    t.same(districts, ['district_peoples_committees']);
    t.same(json(await app.inject('/v1/agency-groups?q=relevant_agencies')).items.length, 1);

    const first = json(await app.inject('/v1/agency-groups?sort=code&limit=2'));
    t.same(first.items.map((g: any) => g.code), seedCodes.slice(0, 2));
    const second = json(await app.inject(`/v1/agency-groups?sort=code&limit=2&cursor=${first.nextCursor}`));
    t.same(second.items.map((g: any) => g.code), seedCodes.slice(2));
    t.equal(second.nextCursor, null);
    const reversed = json(await app.inject('/v1/agency-groups?sort=-code')).items.map((g: any) => g.code);
    t.same(reversed, [...seedCodes].reverse());
  });

  t.test('create, read, update, delete', async (t) => {
    const created = await app.inject({
      method: 'POST',
      url: '/v1/agency-groups',
      payload: { code: 'thu_nghiem', name: 'Nhóm thử nghiệm', description: 'Nhóm tạo trong kiểm thử.', memberIds: [ninhKieu.id, soXayDung.id, banDanToc.id] },
    });
    t.equal(created.statusCode, 201);
    const group = json(created);
    t.match(group, { code: 'thu_nghiem', name: 'Nhóm thử nghiệm', description: 'Nhóm tạo trong kiểm thử.' });
    // Members come ordered by name whatever the order given.
    t.same(group.members.map((m: any) => m.code), ['ban-dan-toc', 'so-xay-dung', 'ubnd-quan-ninh-kieu']);
    t.same(await get(group.id), group);

    const renamed = await app.inject({ method: 'PATCH', url: `/v1/agency-groups/${group.id}`, payload: { name: 'Nhóm đã đổi tên', description: null } });
    t.equal(renamed.statusCode, 200);
    t.match(json(renamed), { name: 'Nhóm đã đổi tên', description: null });
    t.equal(json(renamed).members.length, 3, 'membership untouched when memberIds is not given');

    const replaced = await app.inject({ method: 'PATCH', url: `/v1/agency-groups/${group.id}`, payload: { memberIds: [dpi.id, ninhKieu.id.toUpperCase()] } });
    t.equal(replaced.statusCode, 200);
    t.same(json(replaced).members.map((m: any) => m.code), ['so-ke-hoach-va-dau-tu', 'ubnd-quan-ninh-kieu']);
    t.ok(new Date(json(replaced).updatedAt) >= new Date(group.updatedAt));

    const emptied = await app.inject({ method: 'PATCH', url: `/v1/agency-groups/${group.id}`, payload: { memberIds: [] } });
    t.same(json(emptied).members, []);

    const minimal = await app.inject({ method: 'POST', url: '/v1/agency-groups', payload: { code: 'trong', name: 'Nhóm trống' } });
    t.equal(minimal.statusCode, 201);
    t.match(json(minimal), { description: null, members: [] });

    await app.inject({ method: 'PATCH', url: `/v1/agency-groups/${group.id}`, payload: { memberIds: [dpi.id] } });
    t.equal((await app.inject({ method: 'DELETE', url: `/v1/agency-groups/${group.id}` })).statusCode, 204, 'a group with members can be deleted');
    t.equal((await app.inject(`/v1/agency-groups/${group.id}`)).statusCode, 404);
    t.equal((await app.inject(`/v1/agencies/${dpi.id}`)).statusCode, 200, 'its members remain');
    t.equal((await app.inject({ method: 'DELETE', url: `/v1/agency-groups/${json(minimal).id}` })).statusCode, 204);
  });

  t.test('bad input', async (t) => {
    const before = await get(departments.id);
    const unchanged = async () => t.same(await get(departments.id), before, 'the group is unchanged');
    const count = async () => json(await app.inject('/v1/agency-groups')).items.length;
    const valid = { code: 'nhom_moi', name: 'Nhóm mới' };

    const unknownField = await app.inject({ method: 'POST', url: '/v1/agency-groups', payload: { ...valid, members: [] } });
    t.equal(unknownField.statusCode, 400);
    t.match(json(unknownField).errors, [{ in: 'body', pointer: '/members' }]);

    const wrongType = await app.inject({ method: 'PATCH', url: `/v1/agency-groups/${departments.id}`, payload: { memberIds: dpi.id } });
    t.equal(wrongType.statusCode, 400);
    t.match(json(wrongType).errors, [{ in: 'body', pointer: '/memberIds' }]);
    const notUuid = await app.inject({ method: 'PATCH', url: `/v1/agency-groups/${departments.id}`, payload: { memberIds: [dpi.id, 'so-xay-dung'] } });
    t.equal(notUuid.statusCode, 400);
    t.match(json(notUuid).errors, [{ pointer: '/memberIds/1' }]);
    await unchanged();

    const tooMany = await app.inject({ method: 'POST', url: '/v1/agency-groups', payload: { ...valid, memberIds: Array.from({ length: 501 }, () => unknownId) } });
    t.equal(tooMany.statusCode, 400);
    t.match(json(tooMany).errors, [{ pointer: '/memberIds' }]);
    const tooLong = await app.inject({ method: 'PATCH', url: `/v1/agency-groups/${departments.id}`, payload: { name: 'n'.repeat(501) } });
    t.equal(tooLong.statusCode, 400);
    t.match(json(tooLong).errors, [{ pointer: '/name' }]);
    t.equal((await app.inject('/v1/agency-groups?limit=0')).statusCode, 400);
    await unchanged();

    const repeated = await app.inject({ method: 'PATCH', url: `/v1/agency-groups/${departments.id}`, payload: { memberIds: [dpi.id, soXayDung.id, dpi.id] } });
    t.equal(repeated.statusCode, 400);
    t.match(json(repeated).errors, [{ in: 'body', pointer: '/memberIds' }]);
    const repeatedInOtherCase = await app.inject({ method: 'PATCH', url: `/v1/agency-groups/${departments.id}`, payload: { memberIds: [dpi.id, soXayDung.id, dpi.id.toUpperCase()] } });
    t.equal(repeatedInOtherCase.statusCode, 400);
    t.match(json(repeatedInOtherCase).errors, [{ in: 'body', pointer: '/memberIds/2' }]);
    await unchanged();

    const malformed = await app.inject('/v1/agency-groups/city_departments_and_boards');
    t.equal(malformed.statusCode, 400);
    t.match(json(malformed).errors, [{ in: 'path', pointer: '/id' }]);

    t.equal((await app.inject(`/v1/agency-groups/${unknownId}`)).statusCode, 404);
    t.equal((await app.inject({ method: 'PATCH', url: `/v1/agency-groups/${unknownId}`, payload: { memberIds: [dpi.id] } })).statusCode, 404);
    t.equal((await app.inject({ method: 'DELETE', url: `/v1/agency-groups/${unknownId}` })).statusCode, 404);

    const duplicate = await app.inject({ method: 'POST', url: '/v1/agency-groups', payload: { ...valid, code: 'relevant_agencies' } });
    t.equal(duplicate.statusCode, 409);
    t.match(json(duplicate).errors, [{ in: 'body', pointer: '/code' }]);
    const duplicatePatch = await app.inject({ method: 'PATCH', url: `/v1/agency-groups/${departments.id}`, payload: { code: 'relevant_agencies' } });
    t.equal(duplicatePatch.statusCode, 409);
    await unchanged();

    const unknownMember = await app.inject({ method: 'POST', url: '/v1/agency-groups', payload: { ...valid, memberIds: [dpi.id, unknownId] } });
    t.equal(unknownMember.statusCode, 422);
    t.equal(json(unknownMember).type, 'tag:plantrack,2026:problems/unknown-reference');
    t.same(json(unknownMember).errors, [{ in: 'body', pointer: '/memberIds/1', message: 'No agency has this id.' }]);
    const unknownMemberPatch = await app.inject({ method: 'PATCH', url: `/v1/agency-groups/${departments.id}`, payload: { name: 'Đổi tên', memberIds: [unknownId, dpi.id] } });
    t.equal(unknownMemberPatch.statusCode, 422);
    t.match(json(unknownMemberPatch).errors, [{ pointer: '/memberIds/0' }]);
    await unchanged();
    t.equal(await count(), seedCodes.length, 'no group was created');

    // Tasks name "Các Sở, ban ngành thành phố" among their supporters.
    const inUse = await app.inject({ method: 'DELETE', url: `/v1/agency-groups/${departments.id}` });
    t.equal(inUse.statusCode, 409);
    t.equal(json(inUse).type, 'tag:plantrack,2026:problems/in-use');
    await unchanged();

    // A member agency cannot be deleted from under its group.
    const memberDelete = await app.inject({ method: 'DELETE', url: `/v1/agencies/${banDanToc.id}` });
    t.equal(memberDelete.statusCode, 409);
    await unchanged();
  });
});
