import t from 'tap';
import { createTestApp, json } from './helpers/app.js';

const program17 = encodeURIComponent('17/CTr-UBND');

t.test('indicators', async (t) => {
  const { app } = await createTestApp(t);
  const list = async (query: string) => {
    const response = await app.inject(`/v1/indicators?${query}`);
    t.equal(response.statusCode, 200, query);
    return json(response);
  };
  const codes = (page: { items: { code: string }[] }) => page.items.map((i) => i.code);
  // Everything a refused write could have touched: all indicators, in full.
  const snapshot = async () => (await list('limit=200')).items;

  const [program] = json(await app.inject('/v1/programs')).items;
  const dpi = program.coordinator;
  const roots = await list(`programId=${program17}&topLevel=true&limit=200`);
  const byCode = new Map<string, any>(roots.items.map((i: any) => [i.code, i]));
  const one = byCode.get('1');

  t.test('the seeded indicators form a tree in document order', async (t) => {
    t.same(codes(roots), Array.from({ length: 17 }, (_, i) => String(i + 1)));
    t.equal(roots.nextCursor, null);
    t.match(one, {
      programId: program.id,
      parentId: null,
      category: 'economic',
      unit: '%/năm',
      direction: 'higher_is_better',
      target: { comparator: 'between', lower: 7.5, upper: 8, text: '7,5- 8,0%/năm' },
      basis: 'period_average',
      targetYear: 2025,
      baseline: null,
      responsibleAgency: null,
      childCount: 4,
    });
    t.match(byCode.get('11'), { direction: 'lower_is_better', target: { comparator: 'lt', lower: null, upper: 0.5, text: 'dưới 0,5%' }, basis: 'by_year' });
    t.match(byCode.get('3'), { target: null, basis: null, childCount: 4 });
    t.match(byCode.get('13'), { childCount: 0 });

    const children = await list(`parentId=${one.id}`);
    t.same(codes(children), ['1.1', '1.2', '1.3', '1.4']);
    t.ok(children.items.every((c: any) => c.parentId === one.id && c.childCount === 0));

    const byId = await app.inject(`/v1/indicators/${one.id}`);
    t.equal(byId.statusCode, 200);
    t.same(json(byId), one);
    t.same(codes(await list(`programId=${program.id}&topLevel=true&limit=3`)), ['1', '2', '3']);
    t.same(codes(await list('programId=99/CTr-UBND')), []);
  });

  t.test('filters, search, sorting and pagination', async (t) => {
    t.same(codes(await list('category=defence_security')), ['17']);
    t.same(codes(await list('category=environment&topLevel=false')), ['15.1', '15.2']);
    t.same(codes(await list('q=bao%20hiem%20y%20te')), ['13']);
    t.same(codes(await list('q=H%E1%BB%98%20NGH%C3%88O')), ['11'], 'case- and diacritics-insensitive (HỘ NGHÈO)');
    t.same(codes(await list('category=environment&sort=-position')), ['16', '15.2', '15.1', '15']);
    t.same(codes(await list('parentId=' + byCode.get('9').id + '&sort=code')), ['9.1', '9.2', '9.3', '9.4']);

    const first = await list('category=environment&limit=2');
    t.same(codes(first), ['15', '15.1']);
    t.type(first.nextCursor, 'string');
    const second = await list(`category=environment&limit=2&cursor=${first.nextCursor}`);
    t.same(codes(second), ['15.2', '16']);
    t.equal(second.nextCursor, null);

    const all: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: any = await list(`sort=code&limit=15${cursor ? `&cursor=${cursor}` : ''}`);
      all.push(...codes(page));
      cursor = page.nextCursor;
    }
    t.same(all, codes(await list('sort=code&limit=200')), 'pages join up without gaps or repeats');
  });

  t.test('create, read, update, delete', async (t) => {
    const created = await app.inject({
      method: 'POST',
      url: '/v1/indicators',
      payload: {
        programId: program.id,
        parentId: byCode.get('11').id,
        code: '11.1',
        position: 1000,
        category: 'social',
        name: 'Tỷ lệ hộ cận nghèo',
        unit: '%',
        direction: 'lower_is_better',
        target: { comparator: 'lte', upper: 2, text: 'không quá 2%' },
        basis: 'by_year',
        targetYear: 2025,
        baseline: { value: 3.25, year: 2020 },
        responsibleAgencyId: dpi.id,
      },
    });
    t.equal(created.statusCode, 201);
    const indicator = json(created);
    t.match(indicator, {
      code: '11.1',
      parentId: byCode.get('11').id,
      target: { comparator: 'lte', lower: null, upper: 2, text: 'không quá 2%' },
      baseline: { value: 3.25, year: 2020 },
      responsibleAgency: { id: dpi.id, shortName: 'Sở KH&ĐT' },
      sourceText: null,
      notes: null,
      childCount: 0,
    });
    t.equal(json(await app.inject(`/v1/indicators/${byCode.get('11').id}`)).childCount, 1);

    const patched = await app.inject({
      method: 'PATCH',
      url: `/v1/indicators/${indicator.id}`,
      payload: { target: { comparator: 'between', lower: 1, upper: 1.5 }, baseline: null, notes: 'Chỉ tiêu thử nghiệm.', responsibleAgencyId: null },
    });
    t.equal(patched.statusCode, 200);
    t.match(json(patched), { target: { comparator: 'between', lower: 1, upper: 1.5, text: null }, baseline: null, notes: 'Chỉ tiêu thử nghiệm.', responsibleAgency: null });
    t.ok(new Date(json(patched).updatedAt) >= new Date(indicator.updatedAt));

    const cleared = await app.inject({ method: 'PATCH', url: `/v1/indicators/${indicator.id}`, payload: { target: null, basis: null } });
    t.equal(cleared.statusCode, 200);
    t.match(json(cleared), { target: null, basis: null, targetYear: 2025 });

    const moved = await app.inject({ method: 'PATCH', url: `/v1/indicators/${indicator.id}`, payload: { parentId: null } });
    t.equal(json(moved).parentId, null);
    const back = await app.inject({ method: 'PATCH', url: `/v1/indicators/${indicator.id}`, payload: { parentId: byCode.get('11').id } });
    t.equal(json(back).parentId, byCode.get('11').id);

    t.equal((await app.inject({ method: 'DELETE', url: `/v1/indicators/${indicator.id}` })).statusCode, 204);
    t.equal((await app.inject(`/v1/indicators/${indicator.id}`)).statusCode, 404);
    t.equal(json(await app.inject(`/v1/indicators/${byCode.get('11').id}`)).childCount, 0);
  });

  t.test('malformed requests answer 400 naming the field', async (t) => {
    const before = await snapshot();
    const valid = { programId: program.id, code: 'X', position: 1, category: 'social', name: 'Thử', direction: 'higher_is_better' };
    const cases: [string, object, string][] = [
      ['unknown field', { ...valid, colour: 'red' }, '/colour'],
      ['wrong type', { ...valid, position: 'một' }, '/position'],
      ['out of range', { ...valid, position: 0 }, '/position'],
      ['out-of-range year', { ...valid, targetYear: 3000 }, '/targetYear'],
      ['unknown enum value', { ...valid, category: 'culture' }, '/category'],
      ['missing field', { ...valid, name: undefined }, '/name'],
      ['unknown target field', { ...valid, target: { comparator: 'gte', lower: 1, min: 1 }, basis: 'by_year' }, '/target/min'],
      ['non-uuid parent', { ...valid, parentId: 'một' }, '/parentId'],
    ];
    for (const [name, payload, pointer] of cases) {
      const response = await app.inject({ method: 'POST', url: '/v1/indicators', payload });
      t.equal(response.statusCode, 400, name);
      t.ok(json(response).errors.some((e: any) => e.in === 'body' && e.pointer === pointer), `${name} names ${pointer}`);
    }
    const empty = await app.inject({ method: 'PATCH', url: `/v1/indicators/${one.id}`, payload: {} });
    t.equal(empty.statusCode, 400);
    const programInPatch = await app.inject({ method: 'PATCH', url: `/v1/indicators/${one.id}`, payload: { programId: program.id } });
    t.equal(json(programInPatch).errors[0].pointer, '/programId');

    const badId = await app.inject('/v1/indicators/not-a-uuid');
    t.equal(badId.statusCode, 400);
    t.match(json(badId).errors[0], { in: 'path', pointer: '/id' });
    const badQuery = await app.inject('/v1/indicators?limit=500');
    t.match(json(badQuery), { status: 400, errors: [{ in: 'query', pointer: '/limit' }] });
    t.equal((await app.inject('/v1/indicators?sort=name')).statusCode, 400);
    t.equal((await app.inject('/v1/indicators?topLevel=perhaps')).statusCode, 400);
    t.same(await snapshot(), before);
  });

  t.test('unknown ids answer 404', async (t) => {
    const missing = '00000000-0000-4000-8000-000000000000';
    t.equal((await app.inject(`/v1/indicators/${missing}`)).statusCode, 404);
    const patch = await app.inject({ method: 'PATCH', url: `/v1/indicators/${missing}`, payload: { notes: 'x' } });
    t.match(json(patch), { status: 404, type: 'tag:plantrack,2026:problems/not-found' });
    const move = await app.inject({ method: 'PATCH', url: `/v1/indicators/${missing}`, payload: { parentId: one.id } });
    t.equal(move.statusCode, 404);
    t.equal((await app.inject({ method: 'DELETE', url: `/v1/indicators/${missing}` })).statusCode, 404);
  });

  t.test('writes that break a rule change nothing', async (t) => {
    const base = { programId: program.id, code: 'X', position: 99, category: 'social', name: 'Thử', direction: 'higher_is_better' };
    const other = json(await app.inject({ method: 'POST', url: '/v1/programs', payload: { code: 'Z/9', title: 'Chương trình khác', startYear: 2026, endYear: 2030 } }));
    const foreign = json(await app.inject({ method: 'POST', url: '/v1/indicators', payload: { ...base, programId: other.id, code: '1' } }));
    const before = await snapshot();
    const unknown = '00000000-0000-4000-8000-000000000000';
    const cases: [string, object, number, string][] = [
      ['duplicate code', { ...base, code: '13' }, 409, '/code'],
      ['unknown program', { ...base, programId: unknown }, 422, '/programId'],
      ['unknown agency', { ...base, responsibleAgencyId: unknown }, 422, '/responsibleAgencyId'],
      ['unknown parent', { ...base, parentId: unknown }, 422, '/parentId'],
      ['parent in another program', { ...base, programId: other.id, parentId: one.id }, 422, '/parentId'],
      ['between with lower > upper', { ...base, target: { comparator: 'between', lower: 8, upper: 7.5 }, basis: 'period_average' }, 422, '/target'],
      ['gte with an upper bound', { ...base, target: { comparator: 'gte', lower: 75, upper: 100 }, basis: 'by_year', targetYear: 2025 }, 422, '/target'],
      ['between without a lower bound', { ...base, target: { comparator: 'between', upper: 8 }, basis: 'period_average' }, 422, '/target'],
      ['eq without an upper bound', { ...base, target: { comparator: 'eq', lower: 5, upper: null }, basis: 'by_year', targetYear: 2025 }, 422, '/target'],
      ['target without basis', { ...base, target: { comparator: 'gte', lower: 75 } }, 422, '/target'],
      ['basis without target', { ...base, basis: 'by_year', targetYear: 2025 }, 422, '/target'],
      ['by_year without targetYear', { ...base, target: { comparator: 'gte', lower: 75 }, basis: 'by_year' }, 422, '/targetYear'],
    ];
    for (const [name, payload, status, pointer] of cases) {
      const response = await app.inject({ method: 'POST', url: '/v1/indicators', payload });
      t.equal(response.statusCode, status, name);
      t.equal(json(response).errors?.[0]?.pointer, pointer, `${name} names ${pointer}`);
    }

    const patches: [string, string, object, number, string][] = [
      ['duplicate code', one.id, { code: '2' }, 409, '/code'],
      ['clearing the target but not the basis', one.id, { target: null }, 422, '/target'],
      ['eq with different bounds', byCode.get('13').id, { target: { comparator: 'eq', lower: 95, upper: 96 } }, 422, '/target'],
      ['between with one bound', one.id, { target: { comparator: 'between', lower: 7.5 } }, 422, '/target'],
      ['parent is itself', one.id, { parentId: one.id }, 422, '/parentId'],
      ['parent is its child', one.id, { parentId: json(await app.inject(`/v1/indicators?parentId=${one.id}&limit=1`)).items[0].id }, 422, '/parentId'],
      ['unknown parent', one.id, { parentId: unknown }, 422, '/parentId'],
      ['parent in another program', one.id, { parentId: foreign.id }, 422, '/parentId'],
    ];
    for (const [name, id, payload, status, pointer] of patches) {
      const response = await app.inject({ method: 'PATCH', url: `/v1/indicators/${id}`, payload });
      t.equal(response.statusCode, status, name);
      t.equal(json(response).errors?.[0]?.pointer, pointer, `${name} names ${pointer}`);
    }
    t.equal(json(await app.inject({ method: 'PATCH', url: `/v1/indicators/${one.id}`, payload: { parentId: one.id } })).type, 'tag:plantrack,2026:problems/invalid-value');
    t.same(await snapshot(), before);
  });

  t.test('a cycle deeper than one level is refused', async (t) => {
    const a = json(await app.inject({ method: 'POST', url: '/v1/indicators', payload: { programId: program.id, code: 'A', position: 200, category: 'social', name: 'A', direction: 'higher_is_better' } }));
    const b = json(await app.inject({ method: 'POST', url: '/v1/indicators', payload: { programId: program.id, parentId: a.id, code: 'B', position: 201, category: 'social', name: 'B', direction: 'higher_is_better' } }));
    const c = json(await app.inject({ method: 'POST', url: '/v1/indicators', payload: { programId: program.id, parentId: b.id, code: 'C', position: 202, category: 'social', name: 'C', direction: 'higher_is_better' } }));
    const before = await snapshot();
    const response = await app.inject({ method: 'PATCH', url: `/v1/indicators/${a.id}`, payload: { parentId: c.id } });
    t.equal(response.statusCode, 422);
    t.match(json(response).errors, [{ in: 'body', pointer: '/parentId' }]);
    t.same(await snapshot(), before);
    for (const id of [c.id, b.id, a.id]) t.equal((await app.inject({ method: 'DELETE', url: `/v1/indicators/${id}` })).statusCode, 204);
  });

  t.test('an indicator with sub-indicators or values cannot be deleted', async (t) => {
    const parent = await app.inject({ method: 'DELETE', url: `/v1/indicators/${one.id}` });
    t.equal(parent.statusCode, 409);
    t.equal(json(parent).type, 'tag:plantrack,2026:problems/in-use');
    t.same(json(await app.inject(`/v1/indicators/${one.id}`)), one);

    const thirteen = byCode.get('13');
    const value = await app.inject({ method: 'POST', url: '/v1/indicator-values', payload: { indicatorId: thirteen.id, period: '2024', value: 93.1 } });
    t.equal(value.statusCode, 201);
    const withValue = await app.inject({ method: 'DELETE', url: `/v1/indicators/${thirteen.id}` });
    t.equal(withValue.statusCode, 409);
    t.equal(json(withValue).type, 'tag:plantrack,2026:problems/in-use');
    t.equal((await app.inject(`/v1/indicators/${thirteen.id}`)).statusCode, 200);
  });
});
