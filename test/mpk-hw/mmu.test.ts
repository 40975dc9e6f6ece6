/**
 * The MMU's access-rights decision, checked exhaustively against an oracle written here from
 * the SDM rules (Vol.3A 4.6.1, 4.6.2, 6.15; spec H-4, H-5), not from mmu.ts:
 *  - an instruction fetch is never checked against PKRU (only XD stops it);
 *  - PKRU applies to data accesses to user pages, in user and supervisor mode alike;
 *    AD denies every data access, WD denies writes (supervisor writes too: CR0.WP = 1);
 *  - effective rights = page rights AND PKRU rights;
 *  - a user-mode access to a supervisor page faults; supervisor writes honour R/W (WP = 1);
 *  - when a key violation and an ordinary violation coincide, PK = 1.
 * SMEP/SMAP are not modelled (Linux opens user access with EFLAGS.AC = 1), so a supervisor
 * fetch from a user page is decided by XD alone here.
 */
import { describe, it, expect } from 'vitest';
import { GeneralProtection, PageFault, type Access } from '../../mpk-hw/fault.js';
import { Mmu, type Mode } from '../../mpk-hw/mmu.js';
import { PageTable, CANONICAL_LIMIT, type LeafAttrs } from '../../mpk-hw/page-table.js';
import { PhysMem } from '../../mpk-hw/phys-mem.js';

const KEY = 5; // AD is PKRU bit 10, WD bit 11
const AD = 1 << 10;
const WD = 1 << 11;
const BASE = 0x4000_0000;
const OFFSET = 0x123;

interface Row {
  writable: boolean; xd: boolean; userPage: boolean; ad: boolean; wd: boolean; access: Access; mode: Mode;
}
type Outcome = { fault: false } | { fault: true; errorCode: number; pkey: number };

/** The SDM's answer for a present page tagged KEY. */
function oracle(r: Row): Outcome {
  const write = r.access === 'write';
  const fetch = r.access === 'fetch';
  const user = r.mode === 'user';
  const keyDenies = r.userPage && !fetch && (r.ad || (write && r.wd));
  const pageDenies = (user && !r.userPage) || (write && !r.writable) || (fetch && r.xd);
  if (!keyDenies && !pageDenies) return { fault: false };
  const errorCode = 0x1 | (write ? 0x2 : 0) | (user ? 0x4 : 0) | (fetch ? 0x10 : 0) | (keyDenies ? 0x20 : 0);
  return { fault: true, errorCode, pkey: KEY };
}

function outcomeOf(mmu: Mmu, va: number, access: Access, pkru: number, mode: Mode): Outcome | { pa: number } {
  try {
    return { pa: mmu.translate(va, access, pkru, mode) };
  } catch (e) {
    if (!(e instanceof PageFault)) throw e;
    expect([e.address, e.access, e.vector]).toEqual([va, access, 14]);
    return { fault: true, errorCode: e.errorCode, pkey: e.pkey };
  }
}

const ROWS: Row[] = [];
for (const writable of [false, true]) for (const xd of [false, true]) for (const userPage of [false, true])
  for (const ad of [false, true]) for (const wd of [false, true])
    for (const access of ['read', 'write', 'fetch'] as const) for (const mode of ['user', 'supervisor'] as const)
      ROWS.push({ writable, xd, userPage, ad, wd, access, mode });

/** One page table with a page for each (writable, xd, user) combination, all tagged KEY. */
function world(): { mem: PhysMem; pt: PageTable; pageOf: (r: Pick<Row, 'writable' | 'xd' | 'userPage'>) => number } {
  const mem = new PhysMem();
  const pt = new PageTable(mem);
  const index = (r: Pick<Row, 'writable' | 'xd' | 'userPage'>): number => (r.writable ? 1 : 0) + (r.xd ? 2 : 0) + (r.userPage ? 4 : 0);
  for (let i = 0; i < 8; i++) {
    const attrs: LeafAttrs = { present: true, writable: (i & 1) !== 0, xd: (i & 2) !== 0, user: (i & 4) !== 0, pkey: KEY };
    pt.map4k(BASE + i * 4096, mem.allocFrame() * 4096, attrs);
  }
  return { mem, pt, pageOf: (r) => BASE + index(r) * 4096 };
}

describe('access-rights decision table (192 rows, cold and warm TLB)', () => {
  const { pt, pageOf } = world();
  const label = (r: Row): string =>
    `${r.mode} ${r.access} | page ${r.userPage ? 'U' : 'S'} ${r.writable ? 'RW' : 'RO'} ${r.xd ? 'XD' : 'X'} | AD=${+r.ad} WD=${+r.wd}`;

  it.each(ROWS.map((r) => [label(r), r] as const))('%s', (_name, r) => {
    const va = pageOf(r) + OFFSET;
    const pa = (pt.walk(va, false)?.pageBase ?? -1) + OFFSET;
    const expected = oracle(r);
    const pkru = (r.ad ? AD : 0) | (r.wd ? WD : 0);
    for (const warm of [false, true]) {
      const mmu = new Mmu();
      mmu.loadCr3(pt);
      // Warm: cache the translation first with an access every page allows (supervisor read, PKRU 0).
      if (warm) mmu.translate(va, 'read', 0, 'supervisor');
      expect(mmu.tlb.stats.hits).toBe(0);
      const got = outcomeOf(mmu, va, r.access, pkru, r.mode);
      expect(mmu.tlb.stats.hits).toBe(warm ? 1 : 0);
      expect(got).toEqual(expected.fault ? expected : { pa });
      // A fault drops the page's TLB entry (SDM Vol.3A 4.10.4.1); a success keeps it cached.
      expect(mmu.tlb.has(Math.floor(va / 4096))).toBe(!expected.fault);
    }
  });

  it('the oracle is not trivial: 192 rows, some faults with PK, some without, some successes', () => {
    const outcomes = ROWS.map(oracle);
    expect(outcomes.length).toBe(192);
    expect(outcomes.filter((o) => !o.fault).length).toBe(68); // reads 32, writes 12, fetches 24
    expect(outcomes.filter((o) => o.fault && (o.errorCode & 0x20) !== 0).length).toBe(40); // user-page reads with AD 16, writes with AD or WD 24
  });
});

describe('named cases', () => {
  function single(attrs: LeafAttrs): { mmu: Mmu; pt: PageTable; va: number; frame: number } {
    const mem = new PhysMem();
    const pt = new PageTable(mem);
    const frame = mem.allocFrame() * 4096;
    pt.map4k(BASE, frame, attrs);
    const mmu = new Mmu();
    mmu.loadCr3(pt);
    return { mmu, pt, va: BASE + OFFSET, frame };
  }
  const userRx: LeafAttrs = { present: true, writable: false, user: true, xd: false, pkey: KEY };

  it('fetch from a page whose key has AD=1 succeeds (execute-only), a read of it faults with PK', () => {
    const { mmu, va, frame } = single(userRx);
    expect(mmu.translate(va, 'fetch', AD | WD, 'user')).toBe(frame + OFFSET);
    expect(outcomeOf(mmu, va, 'read', AD, 'user')).toEqual({ fault: true, errorCode: 0x25, pkey: KEY });
  });

  it('write to a read-only page whose key has WD=1 gives PK=1 with W=1 (key checks win)', () => {
    const { mmu, va } = single(userRx);
    expect(outcomeOf(mmu, va, 'write', WD, 'user')).toEqual({ fault: true, errorCode: 0x27, pkey: KEY });
    expect(outcomeOf(mmu, va, 'write', WD, 'supervisor')).toEqual({ fault: true, errorCode: 0x23, pkey: KEY });
    expect(outcomeOf(mmu, va, 'write', 0, 'user')).toEqual({ fault: true, errorCode: 0x07, pkey: KEY });
  });

  it('WD blocks a supervisor write to a writable user page (CR0.WP = 1) but not a read', () => {
    const { mmu, va, frame } = single({ ...userRx, writable: true });
    expect(outcomeOf(mmu, va, 'write', WD, 'supervisor')).toEqual({ fault: true, errorCode: 0x23, pkey: KEY });
    expect(mmu.translate(va, 'read', WD, 'supervisor')).toBe(frame + OFFSET);
  });

  it('only the bits of the page key matter: AD/WD of every other key is ignored', () => {
    const { mmu, va, frame } = single({ ...userRx, writable: true });
    const allButKey5 = (0xffffffff & ~(3 << 10)) >>> 0;
    expect(mmu.translate(va, 'write', allButKey5, 'user')).toBe(frame + OFFSET);
  });

  it.each([
    ['user read', 'read', 'user', 0x04],
    ['user write', 'write', 'user', 0x06],
    ['user fetch', 'fetch', 'user', 0x14],
    ['supervisor read', 'read', 'supervisor', 0x00],
    ['supervisor write', 'write', 'supervisor', 0x02],
  ] as const)('not present (%s): P=0, error code %i, pkey -1, even with AD=1', (_n, access, mode, code) => {
    const { mmu } = single(userRx);
    const unmapped = BASE + 4096 + OFFSET;
    expect(outcomeOf(mmu, unmapped, access, AD, mode)).toEqual({ fault: true, errorCode: code, pkey: -1 });
  });

  it('a PROT_NONE leaf (P=0, frame kept) faults as not present', () => {
    const { mmu, va } = single({ ...userRx, present: false });
    expect(outcomeOf(mmu, va, 'read', 0, 'user')).toEqual({ fault: true, errorCode: 0x04, pkey: -1 });
  });

  it('an MMU with no CR3 loaded faults as not present', () => {
    expect(outcomeOf(new Mmu(), BASE, 'read', 0, 'user')).toEqual({ fault: true, errorCode: 0x04, pkey: -1 });
  });

  it.each([CANONICAL_LIMIT, 2 ** 48, 2 ** 53, -1, -4096, Number.NaN])('non-canonical address %d throws #GP(0)', (va) => {
    const { mmu } = single(userRx);
    expect(CANONICAL_LIMIT).toBe(2 ** 47);
    let caught: unknown = null;
    try { mmu.translate(va, 'read', 0, 'user'); } catch (e) { caught = e; }
    expect(caught).toBeInstanceOf(GeneralProtection);
    expect((caught as GeneralProtection).vector).toBe(13);
    expect(mmu.tlb.stats).toEqual({ hits: 0, misses: 0, invalidations: 0, flushes: 1 });
  });

  it('the last canonical user address translates', () => {
    const mem = new PhysMem();
    const pt = new PageTable(mem);
    const frame = mem.allocFrame() * 4096;
    pt.map4k(CANONICAL_LIMIT - 4096, frame, userRx);
    const mmu = new Mmu();
    mmu.loadCr3(pt);
    expect(mmu.translate(CANONICAL_LIMIT - 1, 'read', 0, 'user')).toBe(frame + 4095);
  });

  it('a 2 MiB page: the PK fault reports the PDE key', () => {
    const mem = new PhysMem();
    const pt = new PageTable(mem);
    const fa = mem.allocLargeFrame() * 4096;
    pt.map2m(2 ** 30, fa, { ...userRx, writable: true, pkey: 14 });
    const mmu = new Mmu();
    mmu.loadCr3(pt);
    expect((pt.leaf(2 ** 30)?.lo ?? -1) & 0x60).toBe(0);
    expect(mmu.translate(2 ** 30 + 0x5_4321, 'write', 0, 'user')).toBe(fa + 0x5_4321);
    expect((pt.leaf(2 ** 30)?.lo ?? -1) & 0xe0).toBe(0xe0); // PS, and A and D set in the PDE
    expect(outcomeOf(mmu, 2 ** 30 + 0x7000, 'write', 1 << 29, 'user')).toEqual({ fault: true, errorCode: 0x27, pkey: 14 });
  });
});

describe('D bit: set only once a write has passed every check', () => {
  const D = 0x40;
  const A = 0x20;
  function setup(writable: boolean): { mmu: Mmu; pt: PageTable; flags: () => number } {
    const mem = new PhysMem();
    const pt = new PageTable(mem);
    pt.map4k(BASE, mem.allocFrame() * 4096, { present: true, writable, user: true, xd: true, pkey: KEY });
    const mmu = new Mmu();
    mmu.loadCr3(pt);
    return { mmu, pt, flags: () => (pt.leaf(BASE)?.lo ?? -1) & (A | D) };
  }

  it('a write refused by WD (cold TLB) sets A but not D; the allowed write then sets D', () => {
    const { mmu, flags } = setup(true);
    expect(outcomeOf(mmu, BASE, 'write', WD, 'user')).toEqual({ fault: true, errorCode: 0x27, pkey: KEY });
    expect(flags()).toBe(A);
    mmu.translate(BASE, 'write', 0, 'user');
    expect(flags()).toBe(A | D);
  });

  it('a write refused through a cached clean entry does not set D', () => {
    const { mmu, flags } = setup(true);
    mmu.translate(BASE, 'read', 0, 'user');
    expect(flags()).toBe(A);
    expect(outcomeOf(mmu, BASE, 'write', AD, 'user')).toEqual({ fault: true, errorCode: 0x27, pkey: KEY });
    expect(flags()).toBe(A);
    mmu.translate(BASE, 'read', 0, 'user');
    mmu.translate(BASE, 'write', 0, 'supervisor');
    expect(mmu.tlb.stats.hits).toBe(2);
    expect(flags()).toBe(A | D);
    expect(mmu.tlb.peek(BASE / 4096)?.dirty).toBe(true);
  });

  it('a write to a read-only page never sets D; reads and fetches never set D', () => {
    const { mmu, flags } = setup(false);
    expect(outcomeOf(mmu, BASE, 'write', 0, 'user')).toEqual({ fault: true, errorCode: 0x07, pkey: KEY });
    expect(outcomeOf(mmu, BASE, 'write', 0, 'supervisor')).toEqual({ fault: true, errorCode: 0x03, pkey: KEY });
    mmu.translate(BASE, 'read', 0, 'user');
    expect(flags()).toBe(A);
  });
});
