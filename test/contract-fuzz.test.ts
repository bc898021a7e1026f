// Contract fuzzing: for every operation of the committed OpenAPI document, generated requests (valid and
// broken paths, query strings, headers and bodies; real ids mixed with random ones) must never get a 5xx, and
// every answer must be documented for its operation and match the schema documented for its status.
//
// FUZZ_RUNS sets the requests per operation (default 25, for CI); `npm run fuzz` runs 2000. FUZZ_SEED replays
// a run's choices (operation i uses seed FUZZ_SEED + i; the run prints its seed); the ids the database assigns
// differ from run to run, so a failure that depends on earlier writes may take a few replays. Shrunk
// counterexamples of the failures found live on as plain regression tests in contract-regressions.test.ts.
import fc from 'fast-check';
import t from 'tap';
import { ascii, ContractChecker, contract, fetchPools, operations, requestArbitrary, resourceOf, toSource, type FuzzRequest, type FuzzResponse, type Operation, type Pools } from './helpers/contract.js';
import { createTestApp } from './helpers/app.js';

const numRuns = Number(process.env.FUZZ_RUNS ?? 25);
/** One seed for the run; operation i runs with seed + i, so FUZZ_SEED replays the choices of a whole run. */
const seed = process.env.FUZZ_SEED === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.FUZZ_SEED);

type App = Awaited<ReturnType<typeof createTestApp>>['app'];

/**
 * Failures already reported and kept as `todo` regression cases (contract-regressions.test.ts): the fuzzer
 * tolerates these exact shapes so that it keeps looking for new ones. Remove an entry when its bug is fixed.
 * Empty: every failure found so far is fixed. An entry looks like
 *   { regression: 'DELETE with a body: 413 and 415 are not documented',
 *     matches: (op, request, response, faults) => op.method === 'DELETE' && [413, 415].includes(response.statusCode)
 *       && faults.every((f) => /is not documented/.test(f)) }
 */
const knownBugs: {
  regression: string;
  matches: (op: Operation, request: FuzzRequest, response: FuzzResponse, faults: string[], app: App) => boolean | Promise<boolean>;
}[] = [];

/**
 * Creates first (so that reads meet generated rows too), then reads, then updates; deletes last, so that they
 * cannot starve the others of rows.
 */
const order = { POST: 0, GET: 1, PUT: 2, PATCH: 2, DELETE: 3 } as const;

function describe(request: FuzzRequest, response: FuzzResponse, faults: string[]): string {
  const shown = (text: string) => ascii(text.length > 1500 ? `${text.slice(0, 1500)}... (${text.length} characters)` : text);
  return [
    ...faults.map(shown),
    `request: ${shown(toSource(request))}`,
    `response: ${response.statusCode} ${String(response.headers['content-type'] ?? '')} ${shown(response.body)}`,
  ].join('\n');
}

t.test('every operation honours its contract under generated input', async (t) => {
  const { app } = await createTestApp(t);
  const checker = new ContractChecker(contract);
  const all = operations(contract).sort((a, b) => order[a.method] - order[b.method]);
  t.ok(all.length > 0, 'the document has operations');
  t.comment(`${all.length} operations, ${numRuns} requests each; replay with FUZZ_SEED=${seed}`);

  const tolerated = new Map<string, number>();
  /** What is wrong with an answer, unless it is a known bug (then counted in `tolerated`). */
  async function judge(op: Operation, request: FuzzRequest, response: FuzzResponse): Promise<string | undefined> {
    const faults = checker.check(op, request, response);
    if (!faults.length) return undefined;
    for (const bug of knownBugs) {
      if (await bug.matches(op, request, response, faults, app)) {
        tolerated.set(bug.regression, (tolerated.get(bug.regression) ?? 0) + 1);
        return undefined;
      }
    }
    return describe(request, response, faults);
  }

  // Ids of the rows that exist, refreshed after every writing operation (creates add rows, deletes remove them).
  // The lists read for it are checked too: a write must not leave a row that breaks the lists.
  const stateFaults = new Set<string>();
  const refresh = (previous?: Pools) =>
    fetchPools(app, contract, {
      ...(previous ? { previous } : {}),
      onAnswer: async (op, request, response) => {
        const fault = await judge(op, request, response);
        if (fault) stateFaults.add(`${op.method} ${op.path}: ${fault}`);
      },
    });
  let pools = await refresh();
  for (const [index, op] of all.entries()) {
    const name = `${op.method} ${op.path}`;
    let arbitrary: fc.Arbitrary<FuzzRequest>;
    try {
      arbitrary = requestArbitrary(op, { doc: contract, pools, validator: checker.validator, resource: resourceOf(op.path) });
    } catch (error) {
      t.fail(`${name}: no generator`, { error: (error as Error).message });
      continue;
    }
    const statuses = new Map<number, number>();
    try {
      await fc.assert(
        fc.asyncProperty(arbitrary, async (request) => {
          const response = await app.inject({ method: request.method as 'GET', url: request.url, headers: request.headers, ...(request.payload === undefined ? {} : { payload: request.payload }) });
          statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
          const fault = await judge(op, request, response);
          if (fault) throw new Error(fault);
        }),
        { numRuns, seed: seed + index, includeErrorInReport: true },
      );
      const seen = [...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(' ');
      t.pass(`${name}: ${seen}`);
    } catch (error) {
      t.fail(name, { diagnostic: true, error: ascii((error as Error).message) });
    }
    if (op.method !== 'GET') {
      pools = await refresh(pools);
      for (const fault of stateFaults) t.fail(`after ${name}, a list breaks its contract`, { diagnostic: true, error: fault });
      stateFaults.clear();
    }
  }
  for (const [regression, n] of tolerated) t.comment(`known bug "${regression}": seen ${n} times`);
});
