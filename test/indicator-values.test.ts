import t from 'tap';
import { createTestApp, json } from './helpers/app.js';

t.test('indicator values', async (t) => {
  const { app } = await createTestApp(t);
  const list = async (query: string) => {
    const response = await app.inject(`/v1/indicator-values?${query}`);
    t.equal(response.statusCode, 200, query);
    return json(response);
  };
  const periods = (page: { items: { period: string }[] }) => page.items.map((v) => v.period);
  const post = (payload: object) => app.inject({ method: 'POST', url: '/v1/indicator-values', payload });
  const snapshot = async () => (await list('limit=200')).items;

  const [program] = json(await app.inject('/v1/programs')).items;
  const dpi = program.coordinator;
  const indicators = json(await app.inject(`/v1/indicators?programId=${program.id}&limit=200`)).items;
  const indicator = (code: string) => indicators.find((i: any) => i.code === code);
  const grdp = indicator('1');
  const poverty = indicator('11');

  t.equal(periods(await list('')).length, 0, 'the seed holds no values');

  t.test('create, read, update, delete', async (t) => {
    const created = await post({ indicatorId: grdp.id, period: '2023', value: 6.5, agencyId: dpi.id, note: 'Ước thực hiện.' });
    t.equal(created.statusCode, 201);
    const value = json(created);
    t.match(value, { indicatorId: grdp.id, indicatorCode: '1', period: '2023', value: 6.5, kind: 'official', agency: { id: dpi.id, code: 'so-ke-hoach-va-dau-tu', shortName: 'Sở KH&ĐT' }, note: 'Ước thực hiện.' });

    const read = await app.inject(`/v1/indicator-values/${value.id}`);
    t.equal(read.statusCode, 200);
    t.same(json(read), value);

    const patched = await app.inject({ method: 'PATCH', url: `/v1/indicator-values/${value.id}`, payload: { value: 6.49, kind: 'estimate', agencyId: null, note: null, period: '2023-H1' } });
    t.equal(patched.statusCode, 200);
    t.match(json(patched), { value: 6.49, kind: 'estimate', agency: null, note: null, period: '2023-H1' });
    t.ok(new Date(json(patched).updatedAt) >= new Date(value.updatedAt));

    t.equal((await app.inject({ method: 'DELETE', url: `/v1/indicator-values/${value.id}` })).statusCode, 204);
    t.equal((await app.inject(`/v1/indicator-values/${value.id}`)).statusCode, 404);
  });

  t.test('filters, sorting and pagination', async (t) => {
    const rows: [any, string, number, string?][] = [
      [grdp, '2021', 1.41],
      [grdp, '2022', 12.67],
      [grdp, '2023', 6.49],
      [grdp, '2024', 7.1, 'estimate'],
      [poverty, '2024', 0.6],
      [poverty, '2024-H1', 0.8, 'estimate'],
      [poverty, '2024-Q3', 0.7, 'estimate'],
      [poverty, '2024-07', 0.7, 'estimate'],
    ];
    for (const [target, period, value, kind] of rows) {
      const response = await post({ indicatorId: target.id, period, value, ...(kind ? { kind } : {}), agencyId: target === poverty ? dpi.id : undefined });
      t.equal(response.statusCode, 201, `${target.code} ${period}`);
    }

    t.same(periods(await list(`indicatorId=${grdp.id}`)), ['2021', '2022', '2023', '2024']);
    t.same(periods(await list(`indicatorId=${grdp.id}&sort=-period`)), ['2024', '2023', '2022', '2021']);
    t.same(periods(await list(`indicatorId=${poverty.id}&year=2024`)), ['2024', '2024-07', '2024-H1', '2024-Q3']);
    t.same(periods(await list('year=2022')), ['2022']);
    t.same((await list('period=2024')).items.map((v: any) => v.indicatorCode).sort(), ['1', '11']);
    t.same(periods(await list(`kind=estimate&indicatorId=${grdp.id}`)), ['2024']);
    t.equal((await list(`programId=${encodeURIComponent('17/CTr-UBND')}`)).items.length, rows.length);
    t.equal((await list(`programId=${program.id}`)).items.length, rows.length);
    t.equal((await list('programId=99/CTr-UBND')).items.length, 0);
    t.same(periods(await list(`agencyId=${dpi.id}&kind=official`)), ['2024']);
    t.equal((await list('agencyId=so-ke-hoach-va-dau-tu')).items.length, 4);

    const first = await list(`indicatorId=${grdp.id}&limit=2`);
    t.same(periods(first), ['2021', '2022']);
    const second = await list(`indicatorId=${grdp.id}&limit=2&cursor=${first.nextCursor}`);
    t.same(periods(second), ['2023', '2024']);
    t.equal(second.nextCursor, null);
    const wrongSort = await app.inject(`/v1/indicator-values?indicatorId=${grdp.id}&limit=2&sort=-period&cursor=${first.nextCursor}`);
    t.match(json(wrongSort), { status: 400, errors: [{ in: 'query', pointer: '/cursor' }] });
  });

  t.test('one value per indicator, period and kind', async (t) => {
    const before = await snapshot();
    const duplicate = await post({ indicatorId: grdp.id, period: '2021', value: 1.5 });
    t.equal(duplicate.statusCode, 409);
    t.match(json(duplicate), { type: 'tag:plantrack,2026:problems/duplicate', errors: [{ in: 'body', pointer: '/period' }] });
    t.same(await snapshot(), before);

    const estimate = await post({ indicatorId: grdp.id, period: '2021', value: 1.5, kind: 'estimate' });
    t.equal(estimate.statusCode, 201, 'an estimate may sit beside the official value');
    const after = await snapshot();
    const moved = await app.inject({ method: 'PATCH', url: `/v1/indicator-values/${json(estimate).id}`, payload: { kind: 'official' } });
    t.equal(moved.statusCode, 409);
    t.equal(json(moved).errors[0].pointer, '/period');
    t.same(await snapshot(), after);
    t.equal((await app.inject({ method: 'DELETE', url: `/v1/indicator-values/${json(estimate).id}` })).statusCode, 204);
  });

  t.test('bad input changes nothing', async (t) => {
    const before = await snapshot();
    const valid = { indicatorId: grdp.id, period: '2025', value: 7 };
    const invalid: [string, object, number, string][] = [
      ['unknown field', { ...valid, unit: '%' }, 400, '/unit'],
      ['wrong type', { ...valid, value: '7,0' }, 400, '/value'],
      ['out of range', { ...valid, value: 1e16 }, 400, '/value'],
      ['bad period', { ...valid, period: '2025-13' }, 400, '/period'],
      ['DHIS2-style period', { ...valid, period: '2025Q3' }, 400, '/period'],
      ['unknown kind', { ...valid, kind: 'forecast' }, 400, '/kind'],
      ['missing value', { indicatorId: grdp.id, period: '2025' }, 400, '/value'],
      ['unknown indicator', { ...valid, indicatorId: '00000000-0000-4000-8000-000000000000' }, 422, '/indicatorId'],
      ['unknown agency', { ...valid, agencyId: '00000000-0000-4000-8000-000000000000' }, 422, '/agencyId'],
    ];
    for (const [name, payload, status, pointer] of invalid) {
      const response = await post(payload);
      t.equal(response.statusCode, status, name);
      t.equal(json(response).errors?.[0]?.pointer, pointer, `${name} names ${pointer}`);
    }

    const [existing] = (await list(`indicatorId=${grdp.id}`)).items;
    const patches: [string, object, number, string][] = [
      ['bad period', { period: '2025-Q5' }, 400, '/period'],
      ['indicator is not patchable', { indicatorId: poverty.id }, 400, '/indicatorId'],
      ['null value', { value: null }, 400, '/value'],
      ['unknown agency', { agencyId: '00000000-0000-4000-8000-000000000000' }, 422, '/agencyId'],
    ];
    for (const [name, payload, status, pointer] of patches) {
      const response = await app.inject({ method: 'PATCH', url: `/v1/indicator-values/${existing.id}`, payload });
      t.equal(response.statusCode, status, name);
      t.equal(json(response).errors?.[0]?.pointer, pointer, `${name} names ${pointer}`);
    }

    const badQuery = await app.inject('/v1/indicator-values?period=2025-H3');
    t.match(json(badQuery), { status: 400, errors: [{ in: 'query', pointer: '/period' }] });
    t.equal((await app.inject('/v1/indicator-values?year=25')).statusCode, 400);
    const badId = await app.inject('/v1/indicator-values/42');
    t.match(json(badId), { status: 400, errors: [{ in: 'path', pointer: '/id' }] });
    const missing = '00000000-0000-4000-8000-000000000000';
    t.equal((await app.inject(`/v1/indicator-values/${missing}`)).statusCode, 404);
    t.equal((await app.inject({ method: 'PATCH', url: `/v1/indicator-values/${missing}`, payload: { value: 1 } })).statusCode, 404);
    t.equal((await app.inject({ method: 'DELETE', url: `/v1/indicator-values/${missing}` })).statusCode, 404);
    t.same(await snapshot(), before);
  });
});
