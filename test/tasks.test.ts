import t from 'tap';
import { isDueInYear } from '../src/domain/deadlines.js';
import { createTestApp, json } from './helpers/app.js';

const codes = (body: any) => body.items.map((task: any) => task.code);

t.test('tasks', async (t) => {
  const { app } = await createTestApp(t);
  const get = async (url: string) => json(await app.inject(url));
  const program = (await get('/v1/programs')).items[0];
  const dpi = (await get('/v1/agencies?q=so%20ke%20hoach')).items[0];
  const all = (await get('/v1/tasks?limit=200')).items;

  t.test('filters', async (t) => {
    t.same(codes(await get('/v1/tasks?programId=17/CTr-UBND&leadAgencyId=so-ke-hoach-va-dau-tu&limit=200')), ['01', '02', '08', '09', '10', '19', '20', '21', '22', '35']);
    t.same(codes(await get(`/v1/tasks?leadAgencyId=${dpi.id}&dueYear=2023`)), ['09', '19']);
    t.same(codes(await get('/v1/tasks?section=VI')), ['35', '36']);
    t.same(codes(await get('/v1/tasks?kind=report')), ['09', '10', '19', '20']);
    t.same(codes(await get('/v1/tasks?dueYear=2030')), ['25', '33', '34']);
    t.same(codes(await get('/v1/tasks?status=completed')), []);
    t.equal((await get('/v1/tasks?isKey=false&limit=200')).items.length, 44);
    const group3 = (await get('/v1/task-groups?programId=17/CTr-UBND')).items.find((g: any) => g.code === '3');
    t.equal((await get(`/v1/tasks?groupId=${group3.id}&limit=200`)).items.length, 11);
    // Every district People's Committee supports every task, through the district group.
    t.equal((await get('/v1/tasks?supportingAgencyId=ubnd-quan-ninh-kieu&limit=200')).items.length, 44);
    t.same(codes(await get('/v1/tasks?supportingAgencyId=bo-ke-hoach-va-dau-tu')), []);
  });

  t.test('dueYear agrees with the deadline rules', async (t) => {
    for (const year of [2020, 2021, 2022, 2023, 2024, 2025, 2026, 2030]) {
      const expected = all.filter((task: any) => isDueInYear(task.deadline, year)).map((task: any) => task.code);
      t.same(codes(await get(`/v1/tasks?dueYear=${year}&limit=200`)), expected, `due in ${year}`);
    }
    t.same(codes(await get('/v1/tasks?dueYear=2024')), ['12', '36'], 'annual tasks fall due in 2024; ranges ending 2025 do not');
  });

  t.test('diacritics-insensitive search', async (t) => {
    t.same(codes(await get('/v1/tasks?q=ke%20hoach%20su%20dung%20dat')), ['04']);
    t.same(codes(await get('/v1/tasks?q=THUONG%20MAI%20DIEN%20TU')), ['07']);
    t.same(codes(await get('/v1/tasks?q=du%20lich&sort=code&limit=200')), ['14', '15', '16', '17']);
    t.same(codes(await get('/v1/tasks?q=%C4%91%E1%BA%A5t&sort=code&limit=200')), ['04', '05', '06'], '"đất" with its diacritics finds the same');
    t.same(codes(await get('/v1/tasks?q=50%25')), [], 'LIKE wildcards are matched literally');
  });

  t.test('search results are ranked, best match first, and page by rank', async (t) => {
    // "phát triển du lịch" as written: the tasks that say exactly that come before those with the words apart.
    const ranked = codes(await get('/v1/tasks?q=phat%20trien%20du%20lich&limit=200'));
    const byCode = codes(await get('/v1/tasks?q=phat%20trien%20du%20lich&sort=code&limit=200'));
    t.same([...ranked].sort(), byCode, 'the same matches as in code order');
    const titles = new Map<string, string>(all.map((task: any) => [task.code, task.title]));
    const together = (code: string) => /phát triển du lịch/i.test(titles.get(code)!);
    const firstApart = ranked.findIndex((code: string) => !together(code));
    t.ok(firstApart === -1 || ranked.slice(firstApart).every((code: string) => !together(code)), `contiguous matches first: ${ranked.join(', ')}`);
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await get(`/v1/tasks?q=ke%20hoach&limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      walked.push(...codes(page));
      cursor = page.nextCursor;
    } while (cursor);
    t.same(walked, codes(await get('/v1/tasks?q=ke%20hoach&limit=200')), 'keyset pages by relevance walk the same order once');
    const noQuery = await app.inject('/v1/tasks?sort=relevance');
    t.equal(noQuery.statusCode, 400, 'relevance needs q');
    t.same(json(noQuery).errors, [{ in: 'query', pointer: '/sort', message: 'sort=relevance ranks the matches of a search: give q too' }]);
    t.same(codes(await get('/v1/indicators?programId=17/CTr-UBND&q=GRDP&limit=3')).length, 3, 'indicators rank too');
  });

  t.test('pagination walks every task once, in order, in both directions', async (t) => {
    const { sql } = await import('drizzle-orm');
    const ordered: Record<string, string[]> = {};
    for (const sort of ['code', '-code', 'title', '-title']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: any = await get(`/v1/tasks?limit=7&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`);
        t.ok(page.items.length <= 7);
        seen.push(...page.items.map((task: any) => task.id));
        cursor = page.nextCursor;
      } while (cursor);
      t.equal(seen.length, 44, `${sort}: every task`);
      t.equal(new Set(seen).size, 44, `${sort}: none twice`);
      const single = await get(`/v1/tasks?sort=${sort}&limit=200`);
      t.equal(single.nextCursor, null, `${sort}: one page holds all`);
      t.strictSame(seen, single.items.map((task: any) => task.id), `${sort}: the walk is the order of a single page`);
      ordered[sort] = single.items.map((task: any) => task.id);
    }
    const ascending = Array.from({ length: 44 }, (_, i) => String(i + 1).padStart(2, '0'));
    const codeOf = new Map<string, string>(all.map((task: any) => [task.id, task.code]));
    t.strictSame(ordered.code!.map((id) => codeOf.get(id)), ascending, 'code: 01 … 44');
    t.strictSame(ordered['-code']!.map((id) => codeOf.get(id)), [...ascending].reverse(), '-code: 44 … 01');
    // Titles in the order of the database's collation for tasks.title: the database itself compares each pair of
    // neighbours, so the check does not depend on how JavaScript would collate Vietnamese.
    for (const [sort, comparison] of [['title', sql`<=`], ['-title', sql`>=`]] as const) {
      const result: any = await app.db.execute(sql`
        select count(*)::int as pairs, count(*) filter (where not (a.title ${comparison} b.title))::int as misordered
        from jsonb_array_elements_text(${JSON.stringify(ordered[sort])}::jsonb) with ordinality as w(id, n)
        join jsonb_array_elements_text(${JSON.stringify(ordered[sort])}::jsonb) with ordinality as v(id, n) on v.n = w.n + 1
        join tasks a on a.id = w.id::uuid
        join tasks b on b.id = v.id::uuid`);
      t.strictSame(result.rows, [{ pairs: 43, misordered: 0 }], `${sort}: every title ${sort === 'title' ? 'at most' : 'at least'} the next, by the database's collation`);
    }
    const first = await get('/v1/tasks?limit=3&sort=-code');
    t.same(codes(first), ['44', '43', '42']);
    t.same(codes(await get(`/v1/tasks?limit=3&sort=-code&cursor=${first.nextCursor}`)), ['41', '40', '39']);
    const tampered = await app.inject('/v1/tasks?cursor=bm90LWEtY3Vyc29y');
    t.equal(tampered.statusCode, 400);
    t.same(json(tampered).errors, [{ in: 'query', pointer: '/cursor', message: 'The cursor is not one this service issued.' }]);
  });

  t.test('what an agency leads and supports', async (t) => {
    const page = await get(`/v1/agencies/${dpi.id}/tasks?limit=200`);
    const lead = page.items.filter((task: any) => task.role === 'lead');
    t.same(codes({ items: lead }), ['01', '02', '08', '09', '10', '19', '20', '21', '22', '35']);
    t.ok(lead.every((task: any) => task.via.length === 0));
    const supporting = page.items.filter((task: any) => task.role === 'supporting');
    t.equal(supporting.length, 34, 'DPI is one of the city departments, which support every other task');
    t.ok(supporting.every((task: any) => task.via.includes('city_departments_and_boards')));
    t.same(codes(await get(`/v1/agencies/${dpi.id}/tasks?role=lead&dueYear=2021`)), ['01', '21', '22']);
    t.equal((await get(`/v1/agencies/${dpi.id}/tasks?role=supporting&limit=200`)).items.length, 34);
    const unknown = await app.inject('/v1/agencies/00000000-0000-4000-8000-000000000000/tasks');
    t.equal(unknown.statusCode, 404);
  });

  t.test('create, update, complete, delete', async (t) => {
    const group = (await get('/v1/task-groups?programId=17/CTr-UBND')).items.find((g: any) => g.code === '10');
    const districts = (await get('/v1/agency-groups?q=quan%20huyen')).items[0];
    const created = await app.inject({
      method: 'POST',
      url: '/v1/tasks',
      payload: {
        programId: program.id,
        groupId: group.id,
        code: '45',
        title: 'Kế hoạch cải cách hành chính giai đoạn 2021 - 2025',
        kind: 'plan',
        leadAgencyId: dpi.id,
        supporters: [{ agencyGroupId: districts.id }, { agencyId: program.issuer.id }],
        deadline: { kind: 'annually', text: 'Hàng năm' },
      },
    });
    t.equal(created.statusCode, 201, created.body);
    const task = json(created);
    t.match(task, { code: '45', appendixSection: null, status: 'not_started', progress: 0, deadline: { kind: 'annually', fromYear: 2021, toYear: 2025, text: 'Hàng năm', dueOn: null } });
    t.same(task.supporters.map((s: any) => [s.type, s.code]), [['agency_group', 'district_peoples_committees'], ['agency', 'ubnd-tp-can-tho']]);

    const progressed = json(await app.inject({ method: 'PATCH', url: `/v1/tasks/${task.id}`, payload: { status: 'in_progress', progress: 40 } }));
    t.match(progressed, { status: 'in_progress', progress: 40, completedOn: null });
    const completed = json(await app.inject({ method: 'PATCH', url: `/v1/tasks/${task.id}`, payload: { status: 'completed' } }));
    t.equal(completed.progress, 100);
    t.match(completed.completedOn, /^\d{4}-\d{2}-\d{2}$/);
    const reopened = json(await app.inject({ method: 'PATCH', url: `/v1/tasks/${task.id}`, payload: { status: 'in_progress', progress: 90, deadline: { kind: 'year', fromYear: 2026 } } }));
    t.match(reopened, { completedOn: null, deadline: { kind: 'year', fromYear: 2026, toYear: 2026, dueOn: '2026-12-31', text: null } });
    const upper = json(await app.inject({ method: 'PATCH', url: `/v1/tasks/${task.id}`, payload: { supporters: [{ agencyId: dpi.id.toUpperCase() }] } }));
    t.same(upper.supporters.map((s: any) => s.id), [dpi.id], 'an upper-case UUID names the same agency');
    const cleared = json(await app.inject({ method: 'PATCH', url: `/v1/tasks/${task.id}`, payload: { supporters: [] } }));
    t.same(cleared.supporters, []);
    t.same(codes(await get('/v1/tasks?status=in_progress')), ['45']);

    t.equal((await app.inject({ method: 'DELETE', url: `/v1/tasks/${task.id}` })).statusCode, 204);
    t.equal((await app.inject(`/v1/tasks/${task.id}`)).statusCode, 404);
    t.equal((await app.inject({ method: 'DELETE', url: `/v1/tasks/${task.id}` })).statusCode, 404);
  });

  t.test('bad input is refused with the field at fault, and nothing changes', async (t) => {
    const task01 = all[0];
    const group = task01.group;
    const valid = { programId: program.id, groupId: group.id, code: '46', title: 'Kế hoạch thử', kind: 'plan', leadAgencyId: dpi.id, deadline: { kind: 'year', fromYear: 2022 } };
    const cases: [string, object, number, string, string][] = [
      ['unknown field', { ...valid, owner: 'x' }, 400, 'body', '/owner'],
      ['wrong type', { ...valid, progress: '50' }, 400, 'body', '/progress'],
      ['out of range', { ...valid, progress: 101 }, 400, 'body', '/progress'],
      ['bad enum', { ...valid, kind: 'wish' }, 400, 'body', '/kind'],
      ['missing field', { ...valid, title: undefined }, 400, 'body', '/title'],
      ['malformed id', { ...valid, leadAgencyId: 'DPI' }, 400, 'body', '/leadAgencyId'],
      ['two targets in one supporter', { ...valid, supporters: [{ agencyId: dpi.id, agencyGroupId: dpi.id }] }, 400, 'body', '/supporters/0'],
      ['duplicate code', { ...valid, code: '01' }, 409, 'body', '/code'],
      ['unknown lead agency', { ...valid, leadAgencyId: '00000000-0000-4000-8000-000000000000' }, 422, 'body', '/leadAgencyId'],
      ['unknown program', { ...valid, programId: '00000000-0000-4000-8000-000000000000' }, 422, 'body', '/programId'],
      ['unknown supporter', { ...valid, supporters: [{ agencyId: dpi.id }, { agencyGroupId: '00000000-0000-4000-8000-000000000000' }] }, 422, 'body', '/supporters/1/agencyGroupId'],
      ['repeated supporter', { ...valid, supporters: [{ agencyId: dpi.id }, { agencyId: dpi.id }] }, 400, 'body', '/supporters/1'],
      ['repeated supporter, other letter case', { ...valid, supporters: [{ agencyId: dpi.id }, { agencyId: dpi.id.toUpperCase() }] }, 400, 'body', '/supporters/1'],
      ['completed with completedOn null', { ...valid, status: 'completed', completedOn: null }, 422, 'body', '/completedOn'],
      ['a date the database cannot hold', { ...valid, status: 'completed', completedOn: '0000-01-01' }, 400, 'body', '/completedOn'],
      ['inconsistent deadline', { ...valid, deadline: { kind: 'year_range', fromYear: 2025, toYear: 2022 } }, 422, 'body', '/deadline'],
      ['event with years', { ...valid, deadline: { kind: 'event', fromYear: 2025 } }, 422, 'body', '/deadline'],
      ['completedOn without completion', { ...valid, completedOn: '2022-05-01' }, 422, 'body', '/completedOn'],
    ];
    for (const [name, payload, status, part, pointer] of cases) {
      const response = await app.inject({ method: 'POST', url: '/v1/tasks', payload });
      t.equal(response.statusCode, status, `${name}: status`);
      t.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8', `${name}: problem+json`);
      t.ok(
        json(response).errors?.some((e: any) => e.in === part && e.pointer === pointer),
        `${name}: names ${pointer} (got ${JSON.stringify(json(response).errors)})`,
      );
    }
    // A group of another program is refused by the composite foreign key.
    const other = json(await app.inject({ method: 'POST', url: '/v1/programs', payload: { code: 'X/1', title: 'Khác', startYear: 2026, endYear: 2030 } }));
    const otherGroup = json(await app.inject({ method: 'POST', url: '/v1/task-groups', payload: { programId: other.id, code: '1', title: 'Nhóm', position: 1 } }));
    const crossed = await app.inject({ method: 'POST', url: '/v1/tasks', payload: { ...valid, groupId: otherGroup.id } });
    t.equal(crossed.statusCode, 422);
    t.equal(json(crossed).errors[0].pointer, '/groupId');

    const patchCases: [string, object, number, string][] = [
      ['programId is not patchable', { programId: program.id }, 400, '/programId'],
      ['empty patch', {}, 400, ''],
      ['duplicate code', { code: '02' }, 409, '/code'],
      ['null title', { title: null }, 400, '/title'],
    ];
    for (const [name, payload, status, pointer] of patchCases) {
      const response = await app.inject({ method: 'PATCH', url: `/v1/tasks/${task01.id}`, payload });
      t.equal(response.statusCode, status, `${name}: status`);
      t.ok(json(response).errors?.some((e: any) => e.pointer === pointer), `${name}: names ${pointer}`);
    }
    const malformedId = await app.inject({ method: 'PATCH', url: '/v1/tasks/01', payload: { progress: 1 } });
    t.equal(malformedId.statusCode, 400);
    t.same(json(malformedId).errors[0].in, 'path');
    t.equal((await app.inject({ method: 'PATCH', url: '/v1/tasks/00000000-0000-4000-8000-000000000000', payload: { progress: 1 } })).statusCode, 404);

    // A failed supporters replacement leaves the task's supporters as they were: one transaction.
    const half = await app.inject({ method: 'PATCH', url: `/v1/tasks/${task01.id}`, payload: { title: 'Đổi tên', supporters: [{ agencyId: '00000000-0000-4000-8000-000000000000' }] } });
    t.equal(half.statusCode, 422);
    t.same(await get(`/v1/tasks/${task01.id}`), task01, 'the task is unchanged');
    t.equal((await get('/v1/tasks?limit=200')).items.length, 44, 'no task was created');
  });
});
