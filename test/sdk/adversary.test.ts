/**
 * Issue 9 part 2: the fetch monitor (fetch-monitor.ts) over scheduler seeds with an adversary.
 *
 * Part 1, hostile control flow (adversary-world.ts): executors jump through published
 * trampolines to random addresses in and around every region (guard pages, padding, free
 * space, staging images, allocations in every state), host-driven and scheduled, while
 * compilers move allocations through their lifetimes.  Every instruction an executor retires
 * is checked; after every step the invariants of adversary-invariants.ts hold; every entry
 * returns or ends in a PkeyFaultError; the log verifies.
 *
 * Part 2, hostile API (adversary-api.ts): every public call, the code API's too (sbx.load,
 * sbx.collect, each CodeHandle method), (a) as a table, each method's good call with one
 * argument at a time swapped for each wrong-typed value, (b) for load and handle.replace a
 * sweep of every code source and load option, and (c) as random sequences of calls whose
 * arguments are objects in every state (also another sandbox's) or literals of the right and
 * wrong types.  Every throw must be an SdkError with a code (or the adversary's own error,
 * unchanged), the invariants hold after every call on both sandboxes, the logs verify.  What
 * the adversary found in the code API beyond the tables: adversary-code-api.test.ts.
 *
 * ADVERSARY_RUNS=n multiplies the runs (default 1: the quick set in npm test; then expected
 * failures also shrink); ADVERSARY_CATALOG=1 prints every escape part 2 finds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Machine } from '../../mpk-hw/index.js';
import { MemorySink, Sandbox, verifyLog } from '../../sdk/index.js';
import { ApiWorld } from './adversary-api-world.js';
import { apply, calls, goodCall, literals, mayBeWrong, METHODS, type Call, type Outcome, type Param, type Pick } from './adversary-api.js';
import { WRONG } from './adversary-values.js';
import { closeLog } from './adversary-explain.js';
import { advScenarios, TRAMPOLINE, type AdvOptions } from './adversary-ops.js';
import { AdvWorld } from './adversary-world.js';
import { FetchMonitor } from './fetch-monitor.js';
import { thrown } from './thrown.js';

const SCALE = Math.max(1, Number(process.env['ADVERSARY_RUNS'] ?? 1));

/** What part 1's runs did, summed. */
interface Totals {
  runs: number;
  jumps: number;
  checked: number;
  refused: number;
  overhangs: number;
  readonly targets: Map<string, number>;
}

/** Runs part 1's property; returns the totals. */
function hostileControlFlow(opts: AdvOptions, seed: number, numRuns: number): Totals {
  const t: Totals = { runs: 0, jumps: 0, checked: 0, refused: 0, overhangs: 0, targets: new Map() };
  fc.assert(fc.property(advScenarios(opts), (s) => {
    const w = new AdvWorld(s);
    const { result, report } = w.run();
    expect(w.failures).toEqual([]);
    expect(w.violations).toEqual([]);
    expect([...w.explained.keys()].filter((k) => k !== 'overhang')).toEqual([]);
    expect([result.reason, w.sched.overBudget.size]).toEqual(['done', 0]);
    expect(w.started.filter((x) => !x.ut.task.dead).map((x) => x.tid)).toEqual([]);
    expect(report.status).toBe('intact');
    expect(report.violations).toEqual([]);
    t.runs++;
    t.jumps += w.stats.jumps;
    t.checked += w.mon.checked;
    t.refused += w.mon.refusedFetches.length;
    t.overhangs += w.explained.get('overhang')?.length ?? 0;
    for (const [k, v] of w.stats.targets) t.targets.set(k, (t.targets.get(k) ?? 0) + v);
  }), { seed, numRuns });
  if (process.env['ADVERSARY_REPORT'] !== undefined) console.info(JSON.stringify({ ...t, targets: Object.fromEntries(t.targets) }));
  return t;
}

describe('part 1: executors jumping to random addresses in and around every region', () => {
  it('pkey policy, strict or not: the monitor finds nothing, every entry returns or faults, the log verifies (40 runs)', () => {
    const t = hostileControlFlow({ policies: ['pkey'] }, 0xad5, 40 * SCALE);
    // Every kind of target was jumped to, and the monitor checked what ran there.
    expect([...t.targets.keys()].sort()).toEqual(expect.arrayContaining(['free', 'guard', 'padding', 'published', 'refused',
      'reserved', 'retired', 'staged', 'staging', 'writing']));
    expect(t.checked).toBeGreaterThan(1000);
    expect(t.refused).toBeGreaterThan(100);
  });

  // One compiler only: two compilers under the mprotect policy hit the staging bug below.
  it('mprotect policy, one compiler: the same (20 runs)', () => {
    const t = hostileControlFlow({ policies: ['mprotect'], compilers: 1 }, 0xad6, 20 * SCALE);
    expect(t.checked).toBeGreaterThan(100);
  });
});

/** A sandbox watched by the monitor, with a compiler, an executor, a region and a published trampoline. */
function small(policy: 'pkey' | 'mprotect' = 'pkey') {
  const machine = new Machine();
  const mon = new FetchMonitor(machine);
  const mem = new MemorySink();
  const sbx = new Sandbox(machine, { audit: [mem, mon.sink], policy });
  const compiler = sbx.spawn(sbx.owner, 'compiler');
  const executor = sbx.spawn(sbx.owner, 'executor');
  const region = sbx.createRegion('code', 4096);
  const tramp = sbx.reserve(region, TRAMPOLINE.length, 'trampoline');
  sbx.withWindow(compiler, tramp, { reason: 'emit' }, (w) => w.write(0, TRAMPOLINE));
  sbx.seal(tramp);
  sbx.publish(tramp);
  return { machine, mon, mem, sbx, compiler, executor, region, tramp };
}


describe('part 1: what the adversary found (fails today; reported on issue 9)', () => {
  // SDK BUG (sdk/seal.ts seal): seal() copies the verified bytes into the executable code pages,
  // publish() only changes the state: between the two, a jump runs sealed code nobody published
  // (the monitor: "fetched from code#1, which is reserved, not published").  The bytes passed
  // the verifier, so no forbidden sequence runs, but "only published code runs" does not hold
  // (docs/security-model.md: allocation lifetimes).  Found by the property with
  // advScenarios({ withSealed: true }) (compilers yield between seal and publish).
  it('a jump into sealed, unpublished code retires no instruction there', () => {
    const s = small();
    const a = s.sbx.reserve(s.region, 6, 'function');
    s.sbx.withWindow(s.compiler, a, { reason: 'emit' }, (w) => w.write(0, Uint8Array.of(0xb8, 5, 0, 0, 0, 0xc3)));
    s.sbx.seal(a);
    thrown(() => s.sbx.enter(s.executor, s.tramp, [a.start]));
    expect(s.mon.violations).toEqual([]);
  });

  // Was an SDK BUG (sdk/windows.ts mprotectPages, mprotect policy), fixed by counting windows
  // per staging page (sdk/staging-pages.ts): a window made its allocation's staging pages RW
  // process-wide and its close made them R again, with no count of the other windows open on
  // the same pages.  Two compilers with windows on two allocations of one region
  // (one staging page): the first close made the page read-only under the second window; the
  // second compiler's next write faulted (SEGV_ACCERR), the SDK's fault handler ended the compiler,
  // write() threw TaskGone ("thread 104 exited with 139"), and the window never closed (audit
  // verify: invariant 1).  Found by part 1's property with two compilers under mprotect.
  it('mprotect policy: closing one window leaves another window on the same staging page writable', () => {
    const s = small('mprotect');
    const other = s.sbx.spawn(s.sbx.owner, 'compiler');
    const a = s.sbx.reserve(s.region, 16, 'function');
    const b = s.sbx.reserve(s.region, 16, 'function');
    const wa = s.sbx.openWindow(s.compiler, a, { reason: 'emit a' });
    const wb = s.sbx.openWindow(other, b, { reason: 'emit b' });
    wa.close();
    expect(thrown(() => wb.write(0, Uint8Array.of(0xc3)))).toBeNull();
    wb.close();
    closeLog(s.sbx);
    expect(verifyLog(s.mem.text()).ok).toBe(true);
  });
});

/**
 * One run of part 2: the calls on a fresh world (after what `method` needs), each checked;
 * then the end of the run (scheduled threads run, windows close, logs close) and the logs.
 * Throws at the first escape or broken invariant, naming the call.
 */
function hostileApi(cs: readonly Call[], method?: string): Outcome[] {
  const w = new ApiWorld();
  if (method !== undefined) w.prepare(method);
  const done: Outcome[] = [];
  for (const c of cs) {
    const o = apply(w, c);
    done.push(o);
    if (o.result === 'escape') throw new Error(`escape: ${o.call} threw ${o.error}`);
    const p = w.problems();
    if (p.length > 0) throw new Error(`after ${o.call} (${o.result}${o.code !== undefined ? ` ${o.code}` : ''}): invariants broken:\n  ${p.join('\n  ')}`);
  }
  const { logs, threw } = w.finish();
  if (threw.length > 0) throw new Error(`at the end of the run after ${done.map((o) => o.call).join('; ')}: ${threw.join('; ')}`);
  for (const text of logs) {
    const r = verifyLog(text);
    expect(r.status).toBe('intact');
    // The log verifies whenever no SdkError was a violation (no `violation` record).
    if (!r.records.some((x) => x.kind === 'violation')) expect(r.violations).toEqual([]);
  }
  return done;
}

/**
 * What each method still lets escape (on the main of 2026-11-27 every method let TypeErrors,
 * RangeErrors, MpkHwError or TaskGone out; the hardened boundary, sdk/sandbox.ts, closed them
 * all until the code API and the Proxy below).  A method named here has its table test and
 * random property as it.fails (the random property of a method in RANDOM_MISSES finds nothing:
 * only the table reaches its escape).  ADVERSARY_CATALOG=1 lists what the adversary finds now,
 * call by call.
 *
 * The last escapes (a Proxy of a Uint8Array passed `instanceof Uint8Array`, then its first
 * `.length` threw a TypeError, in window.write, patch, load and handle.replace) are closed:
 * bytes are checked by their internal slots (util.types.isUint8Array, sdk/validate.ts isBytes).
 */
const ESCAPES: Readonly<Record<string, string>> = {};

/** Methods whose escapes the random property does not reach (the table does). */
const RANDOM_MISSES: ReadonlySet<string> = new Set(['sigaction']);

/** What a table found: escapes and broken invariants, calls that returned, and how many calls it made. */
interface TableResult {
  found: string[];
  accepted: string[];
  calls: number;
}

/**
 * Runs `method`'s good call (GOOD_CALLS) with one argument swapped, for each [parameter, pick]
 * of `swaps` in turn; a world is reused until a call succeeds or breaks an invariant.
 */
function swapTable(method: string, swaps: readonly (readonly [number, Pick])[], stopAtFirst: boolean): TableResult {
  const t: TableResult = { found: [], accepted: [], calls: 0 };
  let w: ApiWorld | null = null;
  const good = goodCall(method).args;
  for (const [i, pick] of swaps) {
    if (w === null) {
      w = new ApiWorld();
      w.prepare(method);
    }
    const o = apply(w, { method, args: good.map((a, k) => (k === i ? pick : a)) });
    t.calls++;
    const p = w.problems();
    if (o.result === 'escape') t.found.push(`${o.call} -> ${o.error}`);
    else if (p.length > 0) t.found.push(`${o.call} -> ${o.result}${o.code !== undefined ? ` ${o.code}` : ''}, then ${p.join('; ')}`);
    else if (o.result === 'returned') t.accepted.push(o.call);
    // A fresh world after a call that changed it (the next call's good arguments must stay good).
    if (o.result === 'returned' || p.length > 0) w = null;
    if (stopAtFirst && t.found.length > 0) break;
  }
  return t;
}

/**
 * The table of part 2: each method's good call with one argument at a time swapped for each
 * wrong-typed value (WRONG).  Returns the escapes and broken invariants, one line each.
 */
function wrongArgumentTable(method: string, stopAtFirst = false): TableResult {
  const params = METHODS[method]?.params ?? [];
  const swaps = params.flatMap((_, i) => (mayBeWrong(method, i) ? WRONG.map((_w, n) => [i, { wrong: true, n }] as const) : []));
  return swapTable(method, swaps, stopAtFirst);
}

/** Parameter kinds of the code API whose every literal the sweep tries (adversary-values.ts codeSources, loadOptions). */
const SWEPT: readonly Param[] = ['code', 'loadOptions'];

/**
 * The sweep of part 2: the good call with one parameter of a SWEPT kind at a time swapped for
 * each of its well-typed literals (every code source, every load option), so each is tried
 * whatever the random property draws.
 */
function literalSweep(method: string): TableResult {
  const w = new ApiWorld();
  const params = METHODS[method]?.params ?? [];
  const swaps = params.flatMap((p, i) => (SWEPT.includes(p) ? (literals(w, p) ?? []).map((_l, n) => [i, { wrong: false, n }] as const) : []));
  return swapTable(method, swaps, false);
}

describe('part 2: every public call with well-typed and wrong-typed arguments', () => {
  it('the good call of every method succeeds on a fresh world', () => {
    const failed = Object.keys(METHODS).flatMap((name) => {
      const w = new ApiWorld();
      w.prepare(name);
      const o = apply(w, goodCall(name));
      return o.result === 'returned' && w.problems().length === 0 ? [] : [`${o.call}: ${o.result} ${o.code ?? o.error ?? w.problems().join('; ')}`];
    });
    expect(failed).toEqual([]);
  });

  for (const name of Object.keys(METHODS)) {
    const blocked = ESCAPES[name];
    (blocked !== undefined ? it.fails : it)(`${name}: one wrong-typed argument at a time is refused with an SdkError${blocked !== undefined ? ' (escapes today: ESCAPES)' : ''}`, () => {
      // An expected failure stops at its first escape (it.fails hides the list; ADVERSARY_CATALOG=1 prints it).
      expect(wrongArgumentTable(name, blocked !== undefined && SCALE === 1).found).toEqual([]);
    });
  }

  for (const name of Object.keys(METHODS).filter((x) => METHODS[x]?.params.some((p) => SWEPT.includes(p)))) {
    it(`${name}: each code source and load option in turn (the rest good) returns or is refused with an SdkError, the invariants hold`, () => {
      expect(literalSweep(name).found).toEqual([]);
    });
  }

  for (const name of Object.keys(METHODS)) {
    const blocked = RANDOM_MISSES.has(name) ? undefined : ESCAPES[name];
    // An expected failure stops at its first counterexample (no shrinking: it.fails hides it).
    const test = blocked !== undefined ? it.fails : it;
    test(`${name}: random calls: every throw is an SdkError with a code, the invariants hold, the logs verify${blocked !== undefined ? ' (escapes today: ESCAPES)' : ''}`, () => {
      fc.assert(fc.property(fc.array(calls(name), { minLength: 1, maxLength: 3 }), (cs) => void hostileApi(cs, name)),
        { seed: 0xa91, numRuns: 12 * SCALE, endOnFailure: blocked !== undefined && SCALE === 1 });
    });
  }

  // Blocked by every escape in ESCAPES.
  it('sequences of any calls (8 at most): the same', () => {
    fc.assert(fc.property(fc.array(calls(), { maxLength: 8 }), (cs) => void hostileApi(cs)), { seed: 0xa92, numRuns: 40 * SCALE, endOnFailure: SCALE === 1 });
  });

  it.runIf(process.env['ADVERSARY_CATALOG'] !== undefined)('catalog: what the adversary finds, grouped, with the shortest call of each', () => {
    const found = new Map<string, { n: number; call: string }>();
    const norm = (x: string): string => x.replace(/0x[0-9a-f]+/g, 'X').replace(/\d+/g, 'N');
    let tried = 0;
    for (const name of Object.keys(METHODS)) {
      for (const cs of fc.sample(fc.array(calls(name), { minLength: 1, maxLength: 2 }), { seed: 0xca7, numRuns: 100 * SCALE })) {
        try {
          tried += hostileApi(cs, name).length;
        } catch (e) {
          const msg = e instanceof Error ? e.message : String(e);
          const key = `${name}: ${norm(msg.replace(/^escape: .*? threw /, '').replace(/^after .*?: invariants/, 'invariants'))}`;
          const f = found.get(key);
          if (f === undefined) found.set(key, { n: 1, call: msg });
          else if ((f.n++, msg.length < f.call.length)) f.call = msg;
        }
      }
    }
    const swept = Object.keys(METHODS).filter((name) => METHODS[name]?.params.some((p) => SWEPT.includes(p)));
    const table = [...Object.keys(METHODS).map((name) => ({ name, ...wrongArgumentTable(name) })), ...swept.map((name) => ({ name, ...literalSweep(name) }))];
    console.info(`table: ${table.reduce((x, t) => x + t.calls, 0)} calls\n${table.flatMap((t) => t.found.map((f) => `  ${f}`)).join('\n')}`);
    console.info(`accepted (returned normally):\n${table.flatMap((t) => t.accepted.map((f) => `  ${f}`)).join('\n')}`);
    console.info(`random: ${tried} calls tried\n${[...found].sort().map(([k, f]) => `${k}  [${f.n}x]\n    ${f.call.slice(0, 500)}`).join('\n')}`);
  }, 20 * 60_000);
});

