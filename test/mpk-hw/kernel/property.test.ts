/**
 * A seeded property test: random (and hostile) sequences of memory system calls, PKRU writes
 * and accesses must never throw a host exception other than TaskGone, must return a value
 * >= 0 or a known negative errno, must fault exactly as spec L-7 says, and must keep the page
 * tables consistent with the area list (every leaf inside an area with its rights and key).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Errno, LARGE_PAGE_SIZE, MADV_DONTNEED, MADV_HUGEPAGE, MADV_NOHUGEPAGE, MADV_WILLNEED, MAP_ANONYMOUS, MAP_FIXED,
  MAP_FIXED_NOREPLACE, MAP_HUGETLB, MAP_POPULATE, MAP_PRIVATE, MAP_SHARED, MMAP_MIN_ADDR, Machine, PAGE_SIZE,
  PROT_EXEC, PROT_GROWSDOWN, PROT_GROWSUP, PROT_READ, PROT_SEM, PROT_WRITE, SEGV_ACCERR, SEGV_MAPERR, SEGV_PKUERR,
  SIGSEGV, SI_KERNEL, SYS, TASK_SIZE, TaskGone, pkruAllowsRead, pkruAllowsWrite, type SignalDelivery, type UserThread,
} from '../../../mpk-hw/index.js';
import { leafAttrsOf } from '../../../mpk-hw/page-table.js';
import { vmaAccessible, type Vma } from '../../../mpk-hw/kernel/vma.js';

/** A concrete argument, or an address relative to an earlier mmap result (`ref` modulo their count). */
type Ref = { readonly ref: number; readonly page: number; readonly byte: number };
type Arg = number | bigint | Ref;
type Cmd =
  | { readonly op: 'mmap' | 'munmap' | 'mprotect' | 'pkey_mprotect' | 'pkey_alloc' | 'pkey_free' | 'madvise'; readonly args: readonly Arg[] }
  | { readonly op: 'access'; readonly addr: number | Ref; readonly write: boolean }
  | { readonly op: 'wrpkru'; readonly value: number };

const BASE = 0x200000000; // 2 MiB aligned arena of 1024 pages
const ERRNOS = new Set<number>(Object.values(Errno));
const arenaPage = fc.integer({ min: 0, max: 1023 }).map((i) => BASE + i * PAGE_SIZE);
const hostileAddr = fc.constantFrom<Arg>(0, 1, 0xfff, MMAP_MIN_ADDR, TASK_SIZE - PAGE_SIZE, TASK_SIZE, 2 ** 47, 2 ** 53,
  2n ** 64n - 1n, 2n ** 64n - 4096n, -1, -4096, BASE + 1, BASE + 0x800);
const refPage = fc.record({ ref: fc.nat(7), page: fc.integer({ min: -1, max: 520 }), byte: fc.constant(0) });
const addr = fc.oneof({ weight: 3, arbitrary: arenaPage }, { weight: 4, arbitrary: refPage }, { weight: 1, arbitrary: hostileAddr });
const len = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 16 }).map((n) => n * PAGE_SIZE) },
  { weight: 2, arbitrary: fc.constantFrom<Arg>(0, 1, 4097, LARGE_PAGE_SIZE, 2 * LARGE_PAGE_SIZE, 2 ** 47, 2n ** 63n, 2n ** 64n - 1n, -1, -4096) },
);
const prot = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 7 }) },
  { weight: 1, arbitrary: fc.constantFrom<Arg>(PROT_EXEC | PROT_SEM, PROT_READ | PROT_GROWSDOWN, PROT_GROWSUP, 0x10, 0xffffffff, 2n ** 32n + 1n, -1) },
);
const pkey = fc.oneof(fc.integer({ min: -2, max: 16 }), fc.constantFrom<Arg>(115, 2 ** 31, -(2 ** 31), 2n ** 64n - 1n));
const mapFlags = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.constantFrom(MAP_PRIVATE, MAP_PRIVATE, MAP_SHARED, 0), fc.subarray([MAP_FIXED, MAP_FIXED_NOREPLACE, MAP_HUGETLB, MAP_POPULATE]))
    .map(([type, extra]) => extra.reduce((a, b) => a | b, type | MAP_ANONYMOUS)) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0x1fffff }) },
);
const advice = fc.constantFrom(MADV_DONTNEED, MADV_DONTNEED, MADV_WILLNEED, MADV_HUGEPAGE, MADV_NOHUGEPAGE, 0, 100, -1);
const accessAddr = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(arenaPage, fc.integer({ min: 0, max: 1023 })).map(([p, i]) => p + 4 * i) },
  { weight: 8, arbitrary: fc.record({ ref: fc.nat(7), page: fc.integer({ min: -1, max: 520 }), byte: fc.integer({ min: 0, max: 1023 }).map((i) => 4 * i) }) },
  { weight: 1, arbitrary: fc.constantFrom(TASK_SIZE - 8, 0) },
);
const pkruValue = fc.oneof(fc.constantFrom(0, 0x55555554, 0x55555555, 0x55555550, 0xaaaaaaa8), fc.integer({ min: 0, max: 0xffffffff }));

const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(addr, len, prot, mapFlags, fc.constantFrom<Arg>(-1, -1, 0, 3), fc.constantFrom<Arg>(0, 0, 1, PAGE_SIZE))
    .map((args) => ({ op: 'mmap' as const, args })) },
  { weight: 2, arbitrary: fc.tuple(addr, len).map((args) => ({ op: 'munmap' as const, args })) },
  { weight: 3, arbitrary: fc.tuple(addr, len, prot).map((args) => ({ op: 'mprotect' as const, args })) },
  { weight: 3, arbitrary: fc.tuple(addr, len, prot, pkey).map((args) => ({ op: 'pkey_mprotect' as const, args })) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom<Arg>(0, 0, 0, 1, 2n ** 63n), fc.constantFrom<Arg>(0, 1, 2, 3, 4, -1)).map((args) => ({ op: 'pkey_alloc' as const, args })) },
  { weight: 1, arbitrary: pkey.map((k) => ({ op: 'pkey_free' as const, args: [k] })) },
  { weight: 2, arbitrary: fc.tuple(addr, len, advice).map((args) => ({ op: 'madvise' as const, args })) },
  { weight: 6, arbitrary: fc.tuple(accessAddr, fc.boolean()).map(([a, write]) => ({ op: 'access' as const, addr: a, write })) },
  { weight: 2, arbitrary: pkruValue.map((value) => ({ op: 'wrpkru' as const, value })) },
);

const NR: Record<Exclude<Cmd['op'], 'access' | 'wrpkru'>, number> = {
  mmap: SYS.mmap, munmap: SYS.munmap, mprotect: SYS.mprotect, pkey_mprotect: SYS.pkey_mprotect,
  pkey_alloc: SYS.pkey_alloc, pkey_free: SYS.pkey_free, madvise: SYS.madvise,
};

type Seen = { code: number; addr: number; pkey: number };

/** The first signal an access must raise (L-7: pkey checks before ordinary rights), or null. */
function expectedFault(t: UserThread, va: number, write: boolean): Seen | null {
  if (va >= 2 ** 47) return { code: SI_KERNEL, addr: 0, pkey: 0 }; // non-canonical: #GP, not #PF
  const vma = t.task.process.mm.vmas.find(va);
  if (vma === undefined) return { code: SEGV_MAPERR, addr: va, pkey: 0 };
  const pkru = t.task.cpu?.pkru ?? t.task.pkru;
  if (!(write ? pkruAllowsWrite(pkru, vma.pkey) : pkruAllowsRead(pkru, vma.pkey))) return { code: SEGV_PKUERR, addr: va, pkey: vma.pkey };
  if (write ? (vma.prot & PROT_WRITE) === 0 : !vmaAccessible(vma)) return { code: SEGV_ACCERR, addr: va, pkey: 0 };
  return null;
}

const hex = (v: number): string => '0x' + v.toString(16);

/** Areas sorted, disjoint, page-aligned, inside [mmap_min_addr, TASK_SIZE]; every leaf agrees with its area. */
function checkConsistency(t: UserThread): void {
  const mm = t.task.process.mm;
  const vmas = mm.vmas.all;
  let prevEnd = MMAP_MIN_ADDR;
  for (const v of vmas) {
    const where = `area ${hex(v.start)}-${hex(v.end)}`;
    expect(v.start % PAGE_SIZE === 0 && v.end % PAGE_SIZE === 0, `${where} page-aligned`).toBe(true);
    expect(v.start >= prevEnd && v.start < v.end && v.end <= TASK_SIZE, `${where} sorted, disjoint, in range`).toBe(true);
    expect(v.pkey >= 0 && v.pkey < 16 && (v.prot & ~7) === 0, `${where} prot/pkey`).toBe(true);
    prevEnd = v.end;
  }
  mm.pageTable.forEachLeaf(0, 2 ** 47, (va, leaf) => {
    const a = leafAttrsOf(leaf);
    const span = leaf.large ? LARGE_PAGE_SIZE : PAGE_SIZE;
    for (let p = va; p < va + span; p += PAGE_SIZE) {
      const v: Vma | undefined = mm.vmas.find(p);
      expect(v, `leaf ${hex(va)}${leaf.large ? ' (2M)' : ''}: page ${hex(p)} inside an area`).toBeDefined();
      if (v === undefined) return;
      const want = { present: vmaAccessible(v), writable: (v.prot & PROT_WRITE) !== 0, user: true, xd: (v.prot & PROT_EXEC) === 0, pkey: v.pkey };
      expect(a, `leaf ${hex(va)} vs area ${hex(v.start)}-${hex(v.end)}`).toEqual(want);
    }
  });
}

interface RunConfig { readonly handler: boolean; readonly mode: SignalDelivery }

/** Per-run state: successful mmap results (for Ref arguments) and the signals the handler saw. */
interface RunState { readonly maps: number[]; readonly seen: Seen[] }

function resolve(a: Arg, s: RunState): number | bigint {
  if (typeof a !== 'object') return a;
  const base = s.maps.length === 0 ? BASE : (s.maps[a.ref % s.maps.length] ?? BASE);
  return Math.max(0, base + a.page * PAGE_SIZE + a.byte);
}
const norm = (i: Seen): Seen => ({ code: i.code, addr: i.addr, pkey: i.code === SEGV_PKUERR ? i.pkey : 0 });

/** Runs one access and checks its first fault against the oracle; returns false once the process is gone. */
function access(t: UserThread, cfg: RunConfig, c: Extract<Cmd, { op: 'access' }>, s: RunState): boolean {
  const va = Number(resolve(c.addr, s));
  const wantInfo = expectedFault(t, va, c.write);
  const what = `first fault of ${c.write ? 'write' : 'read'} at ${hex(va)}`;
  const seen = s.seen;
  seen.length = 0;
  let died = false;
  try {
    if (c.write) t.write32(va, 0x5a5a5a5a);
    else t.read32(va);
  } catch (e) {
    if (!(e instanceof TaskGone)) throw e;
    died = true;
  }
  const first = seen[0];
  const exit = t.task.process.exit?.info ?? null;
  if (first !== undefined) expect(norm(first), what).toEqual(wantInfo);
  else if (died && cfg.handler) expect(exit?.code, `${what}: killed while delivering`).toBe(SI_KERNEL);
  else if (died) expect(exit === null ? null : norm(exit), what).toEqual(wantInfo);
  else expect(wantInfo, `${what}: none`).toBeNull();
  return !died;
}

/** Runs one command; returns false once the process is gone. */
function step(t: UserThread, cfg: RunConfig, c: Cmd, s: RunState): boolean {
  if (c.op === 'access') {
    if (!access(t, cfg, c, s)) return false;
  } else {
    try {
      if (c.op === 'wrpkru') {
        t.wrpkru(c.value);
      } else {
        const r = t.syscall(NR[c.op], ...c.args.map((a) => resolve(a, s)));
        expect(r >= 0 || ERRNOS.has(-r), `${c.op} result ${r}`).toBe(true);
        if (c.op === 'mmap' && r >= 0) {
          expect(r % PAGE_SIZE === 0 && r >= MMAP_MIN_ADDR && r < TASK_SIZE, `mmap -> ${hex(r)}`).toBe(true);
          s.maps.push(r);
        }
      }
    } catch (e) {
      if (!(e instanceof TaskGone)) throw e;
      expect(t.alive).toBe(false);
      return false;
    }
  }
  checkConsistency(t);
  return true;
}

function run(cfg: RunConfig, cmds: readonly Cmd[]): void {
  const t = new Machine({ signalDelivery: cfg.mode }).spawn();
  const s: RunState = { maps: [], seen: [] };
  if (cfg.handler) {
    t.sigaction(SIGSEGV, (ctx) => {
      const si = ctx.readSiginfo();
      s.seen.push({ code: si.code, addr: si.addr, pkey: si.pkey });
      ctx.thread.write32(ctx.pkruSlotAddr, 0);
      if (si.code === SEGV_PKUERR) return;
      // An ordinary fault: give the page fresh read/write memory, or give up (the thread exits).
      const page = si.addr - (si.addr % PAGE_SIZE);
      if (ctx.thread.mmap(page, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED) !== page) ctx.thread.exit(0);
    });
  }
  for (const c of cmds) if (!step(t, cfg, c, s)) return;
}

describe('random memory-management sequences (property)', () => {
  it('keep results, faults and page tables consistent with the area list', () => {
    fc.assert(
      fc.property(
        fc.record({ handler: fc.boolean(), mode: fc.constantFrom<SignalDelivery>('linux-6.12', 'linux-6.12', 'pre-6.12') }),
        fc.array(cmd, { minLength: 1, maxLength: 40 }),
        (cfg, cmds) => run(cfg, cmds),
      ),
      { seed: 0x5eed_1234, numRuns: 200 },
    );
  });
});
