/**
 * mprotect / pkey_mprotect (mpk-hw/kernel/mman.ts sysMprotectPkey, pkeys.ts
 * overrideMprotectPkey).  Spec L-5 check order, L-6, P-13, P-14.
 */
import { describe, expect, it } from 'vitest';
import {
  Errno, MAP_ANONYMOUS, MAP_FIXED, MAP_PRIVATE, Machine, PAGE_SIZE, PROT_EXEC, PROT_GROWSDOWN, PROT_GROWSUP,
  PROT_NONE, PROT_READ, PROT_SEM, PROT_WRITE, SEGV_PKUERR, SIGSEGV, SYS, TASK_SIZE, type UserThread,
} from '../../../mpk-hw/index.js';
import { leafAttrsOf } from '../../../mpk-hw/page-table.js';

const RW = PROT_READ | PROT_WRITE;
const U64_MAX = 2n ** 64n - 1n;

interface Area { start: number; end: number; perms: string; pkey: number }

/** The areas of the process as smaps reports them. */
function areas(m: Machine, t: UserThread): Area[] {
  const out: Area[] = [];
  for (const line of (m.smaps(t.pid) ?? '').split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S+)/.exec(line);
    if (head !== null) out.push({ start: parseInt(head[1] ?? '', 16), end: parseInt(head[2] ?? '', 16), perms: head[3] ?? '', pkey: -1 });
    const pk = /^ProtectionKey:\s+(\d+)$/.exec(line);
    const last = out[out.length - 1];
    if (pk !== null && last !== undefined) last.pkey = Number(pk[1]);
  }
  return out;
}

/** The area containing `addr` as [perms, pkey]. */
function areaAt(m: Machine, t: UserThread, addr: number): [string, number] {
  const a = areas(m, t).find((x) => x.start <= addr && addr < x.end);
  if (a === undefined) throw new Error(`0x${addr.toString(16)} is not mapped`);
  return [a.perms, a.pkey];
}

/** A fresh process with `pages` read/write pages mapped (and populated). */
function setup(pages = 4): { m: Machine; t: UserThread; p: number } {
  const m = new Machine();
  const t = m.spawn();
  const p = t.mmap(0, pages * PAGE_SIZE, RW);
  expect(p).toBeGreaterThan(0);
  for (let i = 0; i < pages; i++) t.write32(p + i * PAGE_SIZE, i + 1);
  return { m, t, p };
}

describe('do_mprotect_pkey check order (L-5)', () => {
  const mp = (t: UserThread, addr: number | bigint, len: number | bigint, prot: number | bigint, pkey: number): number =>
    t.syscall(SYS.pkey_mprotect, addr, len, prot, pkey);

  it('1. GROWSDOWN|GROWSUP -> EINVAL, before the len == 0 shortcut', () => {
    const { t, p } = setup();
    expect(mp(t, p, 0, PROT_READ | PROT_GROWSDOWN | PROT_GROWSUP, 0)).toBe(-Errno.EINVAL);
    expect(t.syscall(SYS.mprotect, p, PAGE_SIZE, PROT_GROWSDOWN | PROT_GROWSUP)).toBe(-Errno.EINVAL);
  });

  it('2. unaligned addr -> EINVAL even with len 0 and a bad key', () => {
    const { t, p } = setup();
    expect(mp(t, p + 1, 0, PROT_READ, 115)).toBe(-Errno.EINVAL);
    expect(mp(t, p + 0x800, PAGE_SIZE, PROT_READ, 0)).toBe(-Errno.EINVAL);
  });

  it.each([
    ['key 115', 115], ['unallocated key 5', 5], ['key -2', -2],
  ])('3. len == 0 -> 0 without validating the key (%s), prot or mapping (P-14)', (_n, key) => {
    const { m, t, p } = setup();
    const before = areas(m, t);
    expect(mp(t, p, 0, PROT_READ, key)).toBe(0);
    expect(mp(t, 0x10000, 0, 0xff, key)).toBe(0);
    expect(areas(m, t)).toEqual(before);
  });

  it('4. end overflow -> ENOMEM, before the prot and key checks', () => {
    const { t } = setup();
    const top = 2n ** 64n - BigInt(PAGE_SIZE);
    expect(mp(t, top, 2 * PAGE_SIZE, PROT_READ, 0)).toBe(-Errno.ENOMEM);
    expect(mp(t, top, 2 * PAGE_SIZE, 0x10, 115)).toBe(-Errno.ENOMEM);
    expect(mp(t, PAGE_SIZE * 16, U64_MAX, PROT_READ, 115)).toBe(-Errno.ENOMEM);
  });

  it('5. prot bits outside READ|WRITE|EXEC|SEM -> EINVAL, before the key and mapping checks', () => {
    const { t, p } = setup();
    expect(mp(t, p, PAGE_SIZE, 0x10, 0)).toBe(-Errno.EINVAL);
    expect(mp(t, p, PAGE_SIZE, 0x10, 115)).toBe(-Errno.EINVAL);
    expect(mp(t, 0x10000, PAGE_SIZE, PROT_READ | 0x80, 0)).toBe(-Errno.EINVAL);
    expect(mp(t, p, PAGE_SIZE, 2n ** 32n | BigInt(PROT_READ), 0)).toBe(-Errno.EINVAL);
    expect(mp(t, p, PAGE_SIZE, PROT_READ | PROT_SEM, 0)).toBe(0);
  });

  it('7. unallocated, out-of-range, negative and execute-only keys -> EINVAL, before ENOMEM', () => {
    const { t, p } = setup();
    const xo = t.mmap(0, PAGE_SIZE, PROT_EXEC);
    expect(xo).toBeGreaterThan(0);
    for (const key of [2, 15, 16, 115, -2, 1 /* the execute-only key */]) {
      expect(mp(t, p, PAGE_SIZE, PROT_READ, key)).toBe(-Errno.EINVAL);
      expect(mp(t, 0x10000, PAGE_SIZE, PROT_READ, key)).toBe(-Errno.EINVAL);
    }
    expect(mp(t, p, PAGE_SIZE, PROT_READ, -1)).toBe(0);
    expect(mp(t, p, PAGE_SIZE, PROT_READ, 0)).toBe(0);
  });

  it('8. unmapped start -> ENOMEM and nothing changes', () => {
    const { m, t, p } = setup();
    const before = areas(m, t);
    expect(t.mprotect(p - PAGE_SIZE, 2 * PAGE_SIZE, PROT_READ)).toBe(-Errno.ENOMEM);
    expect(t.mprotect(0x10000, PAGE_SIZE, PROT_READ)).toBe(-Errno.ENOMEM);
    expect(t.mprotect(TASK_SIZE, PAGE_SIZE, PROT_READ)).toBe(-Errno.ENOMEM);
    expect(areas(m, t)).toEqual(before);
  });

  it('8. a hole in the middle -> ENOMEM after the part before the hole changed', () => {
    const { m, t, p } = setup(4);
    expect(t.munmap(p + 2 * PAGE_SIZE, PAGE_SIZE)).toBe(0);
    const k = t.pkeyAlloc();
    expect(k).toBe(1);
    expect(t.pkeyMprotect(p, 4 * PAGE_SIZE, PROT_READ, k)).toBe(-Errno.ENOMEM);
    expect(areaAt(m, t, p)).toEqual(['r--p', 1]);
    expect(areaAt(m, t, p + PAGE_SIZE)).toEqual(['r--p', 1]);
    expect(areaAt(m, t, p + 3 * PAGE_SIZE)).toEqual(['rw-p', 0]);
    const pte = t.task.process.mm.pageTable.leaf(p + PAGE_SIZE);
    expect(pte === null ? null : leafAttrsOf(pte)).toEqual({ present: true, writable: false, user: true, xd: true, pkey: 1 });
  });

  it('PROT_GROWSDOWN extends the change to the start of a grows-down area; EINVAL elsewhere', () => {
    const { m, t, p } = setup();
    expect(t.mprotect(p, PAGE_SIZE, PROT_READ | PROT_GROWSDOWN)).toBe(-Errno.EINVAL);
    expect(t.mprotect(TASK_SIZE - PAGE_SIZE, PAGE_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN)).toBe(0);
    const stack = areas(m, t).find((a) => a.end === TASK_SIZE);
    expect(stack).toEqual({ start: TASK_SIZE - 256 * 1024, end: TASK_SIZE, perms: 'rwxp', pkey: 0 });
  });
});

describe('which key an area gets (L-5 arch_override_mprotect_pkey, L-6, P-13)', () => {
  it('plain mprotect keeps a pkey_mprotect\'d key', () => {
    const { m, t, p } = setup();
    const k = t.pkeyAlloc();
    expect(t.pkeyMprotect(p, 4 * PAGE_SIZE, RW, k)).toBe(0);
    for (const prot of [PROT_READ, PROT_NONE, PROT_READ | PROT_EXEC, RW | PROT_EXEC, RW]) {
      expect(t.mprotect(p, 2 * PAGE_SIZE, prot)).toBe(0);
      expect(areaAt(m, t, p)[1]).toBe(k);
    }
    expect(areas(m, t).filter((a) => a.pkey === k)).toEqual([{ start: p, end: p + 4 * PAGE_SIZE, perms: 'rw-p', pkey: 1 }]);
  });

  it('exactly PROT_EXEC moves a key-0 area to the execute-only key, and PKRU denies reads of it', () => {
    const { m, t, p } = setup();
    t.wrpkru(0);
    expect(t.mprotect(p, PAGE_SIZE, PROT_EXEC)).toBe(0);
    expect(areaAt(m, t, p)).toEqual(['--xp', 1]);
    expect(t.rdpkru()).toBe(0x4);
    expect(t.fetch(p, 4)).toEqual(Uint8Array.of(1, 0, 0, 0));
  });

  it('exactly PROT_EXEC retags even a user-keyed area (P-13)', () => {
    const { m, t, p } = setup();
    expect(t.pkeyAlloc()).toBe(1);
    expect(t.pkeyMprotect(p, PAGE_SIZE, RW, 1)).toBe(0);
    expect(t.mprotect(p, PAGE_SIZE, PROT_EXEC)).toBe(0);
    expect(areaAt(m, t, p)).toEqual(['--xp', 2]);
    expect(t.pkeyAlloc()).toBe(3);
  });

  it('PROT_EXEC|PROT_SEM is not exactly PROT_EXEC: the key is kept (L-5, prot as passed)', () => {
    const { m, t, p } = setup();
    expect(t.mprotect(p, PAGE_SIZE, PROT_EXEC | PROT_SEM)).toBe(0);
    expect(areaAt(m, t, p)).toEqual(['--xp', 0]);
    expect(t.pkeyAlloc()).toBe(1);
  });

  it.each([
    ['PROT_NONE', PROT_NONE, '---p'], ['PROT_READ|PROT_EXEC', PROT_READ | PROT_EXEC, 'r-xp'], ['PROT_READ|PROT_WRITE', RW, 'rw-p'],
  ])('leaving execute-only with %s resets the key to 0 (L-6)', (_n, prot, perms) => {
    const { m, t, p } = setup();
    expect(t.mprotect(p, PAGE_SIZE, PROT_EXEC)).toBe(0);
    expect(t.mprotect(p, PAGE_SIZE, prot)).toBe(0);
    expect(areaAt(m, t, p)).toEqual([perms, 0]);
  });

  it('PROT_NONE then PROT_READ|PROT_EXEC makes execute-only memory readable again (selftest)', () => {
    const { t, p } = setup();
    expect(t.mprotect(p, PAGE_SIZE, PROT_EXEC)).toBe(0);
    expect(t.mprotect(p, PAGE_SIZE, PROT_NONE)).toBe(0);
    expect(t.mprotect(p, PAGE_SIZE, PROT_READ | PROT_EXEC)).toBe(0);
    t.sigaction(SIGSEGV, () => { throw new Error('unexpected SIGSEGV'); });
    expect(t.read32(p)).toBe(1);
  });

  it('a fresh MAP_FIXED mmap over a keyed range resets the key to 0', () => {
    const { m, t, p } = setup();
    expect(t.pkeyAlloc()).toBe(1);
    expect(t.pkeyMprotect(p, 4 * PAGE_SIZE, RW, 1)).toBe(0);
    expect(t.mmap(p + PAGE_SIZE, PAGE_SIZE, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED)).toBe(p + PAGE_SIZE);
    expect(areaAt(m, t, p)).toEqual(['rw-p', 1]);
    expect(areaAt(m, t, p + PAGE_SIZE)).toEqual(['rw-p', 0]);
    expect(areaAt(m, t, p + 2 * PAGE_SIZE)).toEqual(['rw-p', 1]);
    expect(t.read32(p + PAGE_SIZE)).toBe(0);
  });

  it('pkey_mprotect(PROT_EXEC, k) keeps k verbatim and allocates no execute-only key', () => {
    const { m, t, p } = setup();
    expect(t.pkeyAlloc()).toBe(1);
    expect(t.pkeyMprotect(p, PAGE_SIZE, PROT_EXEC, 1)).toBe(0);
    expect(areaAt(m, t, p)).toEqual(['--xp', 1]);
    expect(t.pkeyMprotect(p + PAGE_SIZE, PAGE_SIZE, PROT_EXEC, 0)).toBe(0);
    expect(areaAt(m, t, p + PAGE_SIZE)).toEqual(['--xp', 0]);
    expect(t.pkeyAlloc()).toBe(2);
  });

  it('the new key reaches populated PTEs and faults report it', () => {
    const { t, p } = setup();
    const k = t.pkeyAlloc(0, 1);
    expect(t.pkeyMprotect(p, PAGE_SIZE, RW, k)).toBe(0);
    const pte = t.task.process.mm.pageTable.leaf(p);
    expect(pte === null ? -1 : leafAttrsOf(pte).pkey).toBe(k);
    const seen: Array<[number, number]> = [];
    t.sigaction(SIGSEGV, (ctx) => {
      const si = ctx.readSiginfo();
      seen.push([si.code, si.pkey]);
      ctx.thread.write32(ctx.pkruSlotAddr, 0);
    });
    expect(t.read32(p)).toBe(1);
    expect(seen).toEqual([[SEGV_PKUERR, k]]);
  });
});
