/**
 * Fault diagnoses (sdk/faults.ts) name what the SDK knows of the faulting address: the key of a
 * region's code pages (also when the kernel reports none, as for SIGTRAP), and the region whose
 * guard page a stray access hit.
 */
import { describe, expect, it } from 'vitest';
import { Machine, PAGE_SIZE } from '../../mpk-hw/index.js';
import { rax, rdi } from '../../jit/x64/index.js';
import { MemorySink, PkeyFaultError, Sandbox, type Allocation, type FaultDiagnosis, type SandboxOptions } from '../../sdk/index.js';
import { emitPublished } from './emit.js';

function setup(opts: Omit<SandboxOptions, 'audit'> = {}) {
  const mem = new MemorySink();
  const sbx = new Sandbox(new Machine(), { ...opts, audit: [mem] });
  const compiler = sbx.spawn(sbx.owner, 'compiler');
  const region = sbx.createRegion('code', 4096);
  /** `jmp rdi`, published: an executor's arbitrary control flow. */
  const jmp = sbx.reserve(region, 16, 'trampoline');
  emitPublished(sbx, compiler, jmp, (x) => x.jmp(rdi));
  return { mem, sbx, compiler, region, jmp };
}
type World = ReturnType<typeof setup>;

/** Enters `a` on a fresh executor (the fault ends it) with `args`; returns the diagnosis and the enter record's key. */
function faultOf(w: World, a: Allocation, args: number[] = []): { d: FaultDiagnosis; enterKey: unknown } {
  const executor = w.sbx.spawn(w.sbx.owner, 'executor');
  const from = w.mem.records.length;
  let err: unknown = null;
  try {
    w.sbx.enter(executor, a, args);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(PkeyFaultError);
  const enterKey = w.mem.records.slice(from).find((r) => r.kind === 'enter')?.key;
  return { d: (err as PkeyFaultError).diagnosis, enterKey };
}

describe('fault diagnoses', () => {
  it.each<[string, Omit<SandboxOptions, 'audit'>]>([['pkey policy', {}], ['mprotect policy', { policy: 'mprotect' }]])(
    'a SIGTRAP on int3 inside region code names the key of its code pages (%s)', (_name, opts) => {
      const w = setup(opts);
      const fn = w.sbx.reserve(w.region, 16, 'trap');
      emitPublished(w.sbx, w.compiler, fn, (x) => x.int3().mov(rax, 5).ret());
      const { d, enterKey } = faultOf(w, fn);
      expect(d).toMatchObject({ access: 'fetch', code: 'SIGTRAP', region: 'code', alloc: fn.id, address: fn.start,
        pitfall: 'breakpoint (int3: retired or unfinished code)' });
      // The page's key (the VMA's, as the kernel tags it): the region's own key under the pkey policy, key 0 under mprotect.
      const key = w.sbx.owner.ut.task.process.mm.vmas.find(fn.start)?.pkey;
      expect(d.key).toBe(key);
      if (opts.policy === undefined) expect(d.key).toBe(enterKey);
      else expect(d.key).toBe(0);
      expect(w.mem.records.filter((r) => r.kind === 'fault').at(-1)).toMatchObject({ key: d.key, region: 'code', alloc: fn.id });
    });

  it('a SIGTRAP in the int3 filler between allocations names the region and its key, no allocation', () => {
    const w = setup();
    const { d } = faultOf(w, w.jmp, [w.region.start + 2048]);
    expect(d).toMatchObject({ code: 'SIGTRAP', region: 'code', alloc: null, key: w.sbx.keyOf(w.region) ?? w.sbx.coldKey });
  });

  it.each<[string, (w: World) => number]>([
    ['the guard page below the code pages (its first byte)', (w) => w.region.start - PAGE_SIZE],
    ['the guard page below the code pages (its last byte)', (w) => w.region.start - 1],
    ['the guard page above the code pages (its first byte)', (w) => w.region.start + w.region.size],
    ['the guard page above the code pages (its last byte)', (w) => w.region.start + w.region.size + PAGE_SIZE - 1],
  ])('a fetch into %s names the region and the guard-page pitfall', (_where, at) => {
    const w = setup();
    const addr = at(w);
    const { d } = faultOf(w, w.jmp, [addr]);
    expect(d).toMatchObject({ access: 'fetch', code: 'SEGV_ACCERR', address: addr, region: 'code', alloc: null, key: null, pitfall: 'guard page' });
    expect(w.mem.records.filter((r) => r.kind === 'fault').at(-1)).toMatchObject({ region: 'code', detail: { diagnosis: 'guard page' } });
  });

  it('a fetch one page beyond a guard page is not the region\'s', () => {
    const w = setup();
    const addr = w.region.start + w.region.size + PAGE_SIZE;
    const { d } = faultOf(w, w.jmp, [addr]);
    expect(d).toMatchObject({ address: addr, region: null, alloc: null });
    expect(d.pitfall).not.toBe('guard page');
  });
});
