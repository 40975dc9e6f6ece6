/**
 * The one-call code API (issue 9 part 4): sbx.load, CodeHandle (call, start, replace, dispose),
 * the start return trampoline, and reclaiming retired code at its quiescent point.  What the
 * tests read is the machine (code bytes, results) and the audit log, not SDK internals.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Machine } from '../../mpk-hw/machine.js';
import { Assembler, absolute, eax, qword, rax, rdi, rip, rsi, rsp } from '../../jit/x64/index.js';
import { FetchMonitor } from './fetch-monitor.js';
import { MemorySink, Sandbox, SdkError, VerifyError, verifyLog, type CodeHandle } from '../../sdk/index.js';

/** A sandbox whose executors are watched by the fetch monitor (checked in afterEach). */
function world(opts: { guestData?: boolean; policy?: 'pkey' | 'mprotect' } = {}) {
  const log = new MemorySink();
  const machine = new Machine();
  const monitor = new FetchMonitor(machine);
  monitors.push(monitor);
  const sbx = new Sandbox(machine, { audit: [log, monitor.sink], ...opts });
  const ex = sbx.spawn(sbx.owner, 'executor');
  return { sbx, log, ex, kinds: (k: string) => sbx.records().filter((r) => r.kind === k) };
}

let monitors: FetchMonitor[] = [];
afterEach(() => {
  // Every instruction an executor retired in these tests was sealed, published code (or int3).
  for (const m of monitors) {
    m.detach();
    expect(m.violations).toEqual([]);
  }
  monitors = [];
});

const asm = (): Assembler => new Assembler();
/** `mov rax, v; ret` padded in front with NOPs to `size` bytes. */
function constant(v: number, size = 16): Uint8Array {
  const tail = asm().mov(rax, v).ret().finish();
  const b = new Uint8Array(size).fill(0x90);
  b.set(tail, size - tail.length);
  return b;
}
const codeAt = (sbx: Sandbox, addr: number, n: number): number[] => Array.from(sbx.machine.peek(sbx.owner.ut.pid, addr, n) ?? []);

describe('sbx.load', () => {
  it('loads, verifies, seals and publishes in one call; call returns RAX as a signed bigint', () => {
    const { sbx, log, ex, kinds } = world();
    const region = sbx.createRegion('r', 4096);
    const add = sbx.load(region, asm().lea(rax, qword({ base: rdi, index: rsi, scale: 1 })).ret().finish(), { reason: 'add', site: 'load.test.ts' });
    expect(add.call(ex, 40, 2)).toBe(42n);
    expect(add.call(ex, -50, 8)).toBe(-42n);
    expect(add.enter(ex, [-1, 0]).rax).toBe(2n ** 64n - 1n);
    // The slot holds the entry; executors may read it.
    expect(sbx.machine.peek(sbx.owner.ut.pid, add.slot, 8)).toEqual(new Uint8Array(new BigUint64Array([BigInt(add.address)]).buffer));
    const seal = kinds('seal').at(-1);
    expect(seal?.alloc).toBe(add.body.id);
    expect(seal?.detail?.['ok']).toBe(true);
    expect(kinds('window.open').some((r) => r.reason === 'add' && r.site === 'load.test.ts')).toBe(true);
    expect(kinds('replace').at(-1)?.detail).toMatchObject({ handle: add.id, from: null, to: add.body.id });
    sbx.close();
    expect(verifyLog(log.text()).ok).toBe(true);
  });

  it('code as a function of its address: rel32 calls to another handle and calls through its slot', () => {
    const { sbx, ex } = world();
    const region = sbx.createRegion('r', 8192);
    const seven = sbx.load(region, constant(7), { reason: 'seven' });
    const seen: number[] = [];
    const direct = sbx.load(region, (at) => {
      seen.push(at);
      return asm().call(absolute(seven.address)).add(rax, 1).ret().finish({ origin: at });
    }, { reason: 'direct' });
    expect(seen).toEqual([direct.address]);
    expect(direct.call(ex)).toBe(8n);
    const viaSlot = sbx.load(region, (at) => asm().call(qword(rip(absolute(seven.slot)))).add(rax, 2).ret().finish({ origin: at }), { reason: 'via slot' });
    expect(viaSlot.call(ex)).toBe(9n);
    // Replacing the callee switches the slot's callers, not the rel32 caller (its call is to the
    // old body, int3 now: a trap, never the old bytes).
    seven.replace(constant(70), { reason: 'seven v2' });
    expect(viaSlot.call(ex)).toBe(72n);
    expect(() => direct.call(ex)).toThrow(SdkError);
  });

  it('a function whose first place is taken is asked again for the place the bytes get; growing is refused', () => {
    const { sbx, ex } = world();
    const region = sbx.createRegion('r', 4096);
    const a = sbx.load(region, constant(1, 32), { reason: 'a' });
    const b = sbx.load(region, constant(2, 32), { reason: 'b' });
    a.dispose(); // 32 bytes free at offset 0 now, 4032 after b
    const asked: number[] = [];
    const big = sbx.load(region, (at) => { asked.push(at); return constant(3, 64); }, { reason: 'big' });
    expect(asked).toEqual([region.start, big.address]);
    expect(big.address).toBe(b.address + 32);
    expect(big.call(ex)).toBe(3n);
    let n = 0;
    expect(() => sbx.load(region, () => constant(4, (n += 48)), { reason: 'grows' })).toThrow(expect.objectContaining({ code: 'LOAD_SIZE' }));
  });

  it('a refused body never becomes executable and its space comes back', () => {
    const { sbx, log, kinds } = world();
    const region = sbx.createRegion('r', 4096);
    const free = region.free;
    const bad = Uint8Array.of(0x48, 0xb8, 0x0f, 0x01, 0xef, 0xc3, 0, 0, 0, 0, 0xc3); // movabs hiding WRPKRU; RET
    expect(() => sbx.load(region, bad, { reason: 'bad' })).toThrow(VerifyError);
    expect(region.free).toBe(free);
    const id = kinds('seal').at(-1)?.alloc;
    expect(kinds('retire').at(-1)).toMatchObject({ alloc: id, detail: { refused: true } });
    expect(kinds('reclaim').at(-1)?.alloc).toBe(id);
    expect(kinds('publish').some((r) => r.alloc === id)).toBe(false);
    expect(codeAt(sbx, region.start, 16)).toEqual(new Array(16).fill(0xcc));
    sbx.close();
    expect(verifyLog(log.text()).ok).toBe(true);
  });

  it('refuses bad arguments with SdkErrors that name the value', () => {
    const { sbx } = world();
    const other = world().sbx;
    const region = sbx.createRegion('r', 4096);
    const good = constant(1);
    const cases: Array<[() => unknown, string, RegExp?]> = [
      [() => sbx.load(region, 'c3' as never, { reason: 'x' }), 'BAD_ARGUMENT', /Uint8Array/],
      [() => sbx.load(region, good, undefined as never), 'BAD_OPTION', /reason/],
      [() => sbx.load(region, good, {} as never), 'BAD_OPTION', /reason/],
      [() => sbx.load(region, good, { reason: 'x', reasn: 'y' } as never), 'BAD_OPTION', /reasn/],
      [() => sbx.load(region, good, { reason: 'x', writer: other.owner }), 'THREAD_UNKNOWN'],
      [() => sbx.load(region, good, { reason: 'x', verifiers: [1] as never }), 'BAD_OPTION'],
      [() => sbx.load(region, new Uint8Array(0), { reason: 'x' }), 'BAD_SIZE'],
      [() => sbx.load(region, () => 'c3' as never, { reason: 'x' }), 'BAD_ARGUMENT', /Uint8Array/],
      [() => sbx.load(other.createRegion('o', 4096), good, { reason: 'x' }), 'BAD_ARGUMENT', /another sandbox/],
      [() => sbx.load(region, new Uint8Array(8192).fill(0xc3), { reason: 'x' }), 'BAD_SIZE'],
      [() => sbx.createRegion('sdk', 4096), 'REGION_NAME', /reserved/],
    ];
    for (const [f, code, msg] of cases) {
      let e: unknown;
      try { f(); } catch (x) { e = x; }
      expect(e, `${f.toString()}`).toBeInstanceOf(SdkError);
      expect((e as SdkError).code, `${f.toString()}`).toBe(code);
      if (msg) expect((e as SdkError).message).toMatch(msg);
    }
    // The embedder's own error from a code function passes through unchanged.
    const mine = new RangeError('mine');
    expect(() => sbx.load(region, () => { throw mine; }, { reason: 'x' })).toThrow(mine);
  });
});

describe('CodeHandle.replace and reclaim', () => {
  it('1,000 replace cycles of a 4 KiB function in a 64 KiB region never run out; every cycle calls the new body', () => {
    const { sbx, log, ex, kinds } = world();
    const region = sbx.createRegion('r', 64 * 1024);
    const h = sbx.load(region, constant(0, 4096), { reason: 'v0' });
    const caller = sbx.load(region, (at) => asm().call(qword(rip(absolute(h.slot)))).ret().finish({ origin: at }), { reason: 'caller' });
    for (let i = 1; i <= 1000; i++) {
      const old = h.address;
      h.replace(constant(i, 4096), { reason: `v${i}` });
      if (i % 97 === 0) {
        expect(caller.call(ex)).toBe(BigInt(i));
        expect(h.call(ex)).toBe(BigInt(i));
        expect(codeAt(sbx, old, 4096).every((b) => b === 0xcc)).toBe(true);
      }
    }
    expect(region.free).toBe(64 * 1024 - 4096 - 16);
    expect(kinds('reclaim').length).toBe(1000);
    expect(kinds('replace').filter((r) => r.detail?.['handle'] === h.id).length).toBe(1001);
    sbx.close();
    expect(verifyLog(log.text()).ok).toBe(true);
  });

  it('an old body a started thread is still in is retired only after the thread leaves it', () => {
    const { sbx, log, kinds } = world({ guestData: true });
    const region = sbx.createRegion('r', 4096);
    const flag = sbx.createGuestData('flag', 8);
    // Spin until the flag is set, then return 11.
    const spin = asm();
    const loop = spin.newLabel();
    spin.bind(loop).mov(rax, qword(rip(absolute(flag)))).test(rax, rax).jcc('e', loop).mov(eax, 11).ret();
    const h = sbx.load(region, (at) => spin.finish({ origin: at }), { reason: 'spin' });
    const sched = sbx.machine.scheduler({ seed: 3 });
    const t = sbx.spawn(sbx.owner, 'executor');
    const run = h.start(sched, t);
    sched.run(20_000);
    expect(run.state).toBe('running');
    const old = h.body;
    h.replace(constant(5), { reason: 'v2' });
    // The thread is still in the old body: it stays published and intact.
    expect(old.state).toBe('published');
    expect(sbx.collect(region)).toEqual({ retired: 0, reclaimed: 0 });
    sched.run(20_000);
    expect(run.state).toBe('running');
    sbx.owner.ut.write64(flag, 1n);
    sched.run(1_000_000);
    expect(run.state).toBe('returned');
    expect(run.result).toBe(11n);
    expect(sbx.collect(region)).toEqual({ retired: 1, reclaimed: 1 });
    expect(old.state).toBe('retired');
    expect(kinds('retire').at(-1)).toMatchObject({ alloc: old.id, detail: { replacedIn: h.id } });
    sbx.close();
    expect(verifyLog(log.text()).ok).toBe(true);
  });

  it('a retired allocation whose address is on a thread stack is not reclaimed', () => {
    const { sbx } = world();
    const region = sbx.createRegion('r', 4096);
    // A body that calls a runtime function; the function reclaims while the body's return
    // address is on the caller's stack.
    let h: CodeHandle | undefined;
    let during: { retired: number; reclaimed: number } | undefined;
    sbx.runtime.define('swap', () => {
      h?.replace(constant(2), { reason: 'v2' });
      during = sbx.collect(region);
      return 40n;
    });
    const compiler = sbx.spawn(sbx.owner, 'compiler');
    const table = sbx.runtime.install(compiler).table;
    const ex = sbx.spawn(sbx.owner, 'executor');
    h = sbx.load(region, (at) => asm().call(qword(rip(absolute(table)))).add(rax, 1).ret().finish({ origin: at }), { reason: 'v1' });
    const first = h.body;
    expect(h.call(ex)).toBe(41n); // the old body ran to its end
    expect(during).toEqual({ retired: 0, reclaimed: 0 });
    expect(first.state).toBe('published');
    expect(sbx.collect(region)).toEqual({ retired: 1, reclaimed: 1 });
    expect(h.call(ex)).toBe(2n);
  });
});

describe('dispose and start', () => {
  it('dispose retires the body and points the slot at a trap; the handle refuses calls', () => {
    const { sbx, ex } = world();
    const region = sbx.createRegion('r', 4096);
    const h = sbx.load(region, constant(9), { reason: 'nine' });
    const caller = sbx.load(region, (at) => asm().call(qword(rip(absolute(h.slot)))).ret().finish({ origin: at }), { reason: 'caller' });
    const body = h.body;
    {
      using scoped = h;
      expect(scoped.call(ex)).toBe(9n);
    }
    expect(h.disposed).toBe(true);
    expect(body.state).toBe('retired');
    expect(() => h.call(ex)).toThrow(expect.objectContaining({ code: 'HANDLE_DISPOSED' }));
    expect(() => h.replace(constant(1), { reason: 'x' })).toThrow(expect.objectContaining({ code: 'HANDLE_DISPOSED' }));
    h.dispose(); // idempotent
    const ex2 = sbx.spawn(sbx.owner, 'executor');
    expect(() => caller.call(ex2)).toThrow(expect.objectContaining({ code: 'PKEY_FAULT' }));
    expect(sbx.lastFault(ex2.tid)?.region).toBe('sdk');
  });

  it('started code returns into the trampoline: the thread ends with RAX recorded, RSP was 8 mod 16 at entry', () => {
    const { sbx, log, kinds } = world();
    const region = sbx.createRegion('r', 4096);
    const h = sbx.load(region, asm().mov(rax, rsp).and(eax, 15).sub(rax, rdi).ret().finish(), { reason: 'rsp' });
    const sched = sbx.machine.scheduler({ seed: 1 });
    const runs = [1, 2, 3].map((i) => h.start(sched, sbx.spawn(sbx.owner, 'executor'), 8 + i));
    expect(runs.every((r) => r.state === 'running' && r.result === undefined)).toBe(true);
    sched.run();
    expect(runs.map((r) => [r.state, r.result])).toEqual([['returned', -1n], ['returned', -2n], ['returned', -3n]]);
    expect(runs[0]?.rax).toBe(2n ** 64n - 1n);
    expect(kinds('thread.exit').filter((r) => r.detail?.['by'] === 'start return trampoline').length).toBe(3);
    // Through sbx.start too.
    const t = sbx.spawn(sbx.owner, 'executor');
    const r = sbx.start(sched, t, h.body, [0]);
    sched.run();
    expect(r.result).toBe(8n);
    sbx.close();
    expect(verifyLog(log.text()).ok).toBe(true);
  });

  it('a jump into the trampoline from a thread that was not started ends in its int3, not a recorded return', () => {
    const { sbx, ex, kinds } = world();
    const region = sbx.createRegion('r', 4096);
    const h = sbx.load(region, constant(1), { reason: 'one' });
    sbx.start(sbx.machine.scheduler({ seed: 1 }), sbx.spawn(sbx.owner, 'executor'), h.body); // creates the trampoline
    const tramp = sbx.regions.find((r) => r.name === 'sdk')?.start ?? 0;
    const jumper = sbx.load(region, (at) => asm().jmp(absolute(tramp)).finish({ origin: at }), { reason: 'jump' });
    expect(() => jumper.call(ex)).toThrow(expect.objectContaining({ code: 'PKEY_FAULT' }));
    expect(kinds('thread.exit').some((r) => r.tid === ex.tid)).toBe(false);
  });
});

describe('under the mprotect policy', () => {
  it('load, replace (100 cycles of 4 KiB in 16 KiB), call through the slot and dispose work the same', () => {
    const { sbx, log, ex, kinds } = world({ policy: 'mprotect' });
    const region = sbx.createRegion('r', 16 * 1024);
    const h = sbx.load(region, constant(0, 4096), { reason: 'v0' });
    const caller = sbx.load(region, (at) => asm().call(qword(rip(absolute(h.slot)))).ret().finish({ origin: at }), { reason: 'caller' });
    for (let i = 1; i <= 100; i++) h.replace(constant(i, 4096), { reason: `v${i}` });
    expect(caller.call(ex)).toBe(100n);
    expect(kinds('reclaim').length).toBe(100);
    h.dispose();
    sbx.close();
    expect(verifyLog(log.text()).ok).toBe(true);
  });
});
