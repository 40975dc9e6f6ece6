/**
 * 4-level page tables in simulated physical memory.  SDM Vol.3A 4.5 (walk), 4.6.2 (the key comes
 * from the leaf: the PTE, or the PDE with PS=1), 4.8 (A and D flags).
 * Entries are read straight from physical memory as 64-bit values and compared with literals.
 */
import { describe, it, expect } from 'vitest';
import { InvariantError } from '../../mpk-hw/errors.js';
import { PhysMem } from '../../mpk-hw/phys-mem.js';
import { PageTable, leafAttrsOf, type LeafAttrs } from '../../mpk-hw/page-table.js';
import { pteToBigInt, pteFrameAddr } from '../../mpk-hw/pte.js';

const GiB = 2 ** 30;
const MiB2 = 2 ** 21;
/** Linear address with PML4 index 1, PDPT index 2, PD index 3, PT index 4. */
const VA = 1 * 2 ** 39 + 2 * GiB + 3 * MiB2 + 4 * 4096;
const RW_USER: LeafAttrs = { present: true, writable: true, user: true, xd: false, pkey: 0 };

function entry(mem: PhysMem, pfn: number, index: number): bigint {
  const t = mem.frame32(pfn);
  return pteToBigInt(t[2 * index] ?? 0, t[2 * index + 1] ?? 0);
}
function nonZeroEntries(mem: PhysMem, pfn: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < 512; i++) if (entry(mem, pfn, i) !== 0n) out.push(i);
  return out;
}
/** Frame number named by a non-leaf entry. */
const nextPfn = (e: bigint): number => Number((e & 0x000f_ffff_ffff_f000n) >> 12n);

function setup(): { mem: PhysMem; pt: PageTable } {
  const mem = new PhysMem();
  return { mem, pt: new PageTable(mem) };
}

describe('4-level walk in physical memory', () => {
  it('map4k builds PML4 -> PDPT -> PD -> PT with P|RW|US intermediates and the exact leaf', () => {
    const { mem, pt } = setup();
    expect(pt.tableFrameCount).toBe(1);
    const frame = 0x1_2345_6000; // above 2^32: the frame need not exist for the walk
    pt.map4k(VA, frame, { present: true, writable: true, user: true, xd: true, pkey: 9 });
    expect(pt.tableFrameCount).toBe(4);
    let pfn = pt.rootPfn;
    for (const index of [1, 2, 3]) {
      expect(nonZeroEntries(mem, pfn)).toEqual([index]);
      const e = entry(mem, pfn, index);
      expect(e & 0xfffn).toBe(0x7n); // P, R/W, U/S; no A, no PS
      expect(e >> 52n).toBe(0n); // no key, no XD on intermediate entries
      pfn = nextPfn(e);
    }
    expect(nonZeroEntries(mem, pfn)).toEqual([4]);
    expect(entry(mem, pfn, 4)).toBe((1n << 63n) | (9n << 59n) | 0x1_2345_6000n | 0x7n);
  });

  it('walk returns the page, rights and key, and sets A in the leaf only on use', () => {
    const { mem, pt } = setup();
    pt.map4k(VA, 0x5000, { present: true, writable: false, user: true, xd: true, pkey: 12 });
    const leaf = pt.leaf(VA);
    expect(leaf).not.toBeNull();
    expect(leaf?.large).toBe(false);
    const before = entry(mem, leaf?.tablePfn ?? 0, 4);
    expect(before & 0x60n).toBe(0n);
    const t = pt.walk(VA + 0x123, false);
    expect(t).toMatchObject({ pageBase: 0x5000, writable: false, user: true, xd: true, pkey: 12, dirty: false });
    expect(t?.leaf).toMatchObject({ tablePfn: leaf?.tablePfn, index: 4, large: false });
    expect(entry(mem, leaf?.tablePfn ?? 0, 4)).toBe(before | 0x20n);
  });

  it('walk of an address with no entry at some level returns null', () => {
    const { pt } = setup();
    pt.map4k(VA, 0x5000, RW_USER);
    expect(pt.walk(VA + 4096, false)).toBeNull(); // empty PTE
    expect(pt.walk(VA + MiB2, false)).toBeNull(); // empty PDE
    expect(pt.walk(VA + GiB, false)).toBeNull(); // empty PDPTE
    expect(pt.walk(VA + 2 ** 39, false)).toBeNull(); // empty PML4E
    expect(pt.leaf(VA + 4096)).toBeNull();
  });

  it('effective rights combine every level: AND of R/W and U/S, OR of XD', () => {
    const { mem, pt } = setup();
    pt.map4k(VA, 0x5000, RW_USER);
    const pml4 = mem.frame32(pt.rootPfn);
    const pdptPfn = nextPfn(entry(mem, pt.rootPfn, 1));
    const pdPfn = nextPfn(entry(mem, pdptPfn, 2));
    mem.frame32(pdptPfn)[2 * 2] = ((mem.frame32(pdptPfn)[2 * 2] ?? 0) & ~0x2) >>> 0; // PDPTE R/W = 0
    expect(pt.walk(VA, false)).toMatchObject({ writable: false, user: true, xd: false });
    pml4[2 * 1] = ((pml4[2 * 1] ?? 0) & ~0x4) >>> 0; // PML4E U/S = 0
    expect(pt.walk(VA, false)).toMatchObject({ writable: false, user: false, xd: false });
    mem.frame32(pdPfn)[2 * 3 + 1] = ((mem.frame32(pdPfn)[2 * 3 + 1] ?? 0) | 0x80000000) >>> 0; // PDE XD = 1
    expect(pt.walk(VA, false)).toMatchObject({ writable: false, user: false, xd: true, pkey: 0 });
  });

  it('second page in the same PT allocates no table; another PML4 slot allocates three', () => {
    const { pt } = setup();
    pt.map4k(VA, 0x5000, RW_USER);
    pt.map4k(VA + 4096, 0x6000, RW_USER);
    expect(pt.tableFrameCount).toBe(4);
    pt.map4k(VA + 2 ** 39, 0x7000, RW_USER);
    expect(pt.tableFrameCount).toBe(7);
    expect(pt.walk(VA + 4096, false)?.pageBase).toBe(0x6000);
    expect(pt.walk(VA + 2 ** 39, false)?.pageBase).toBe(0x7000);
  });
});

describe('2 MiB pages (PS=1 in the PDE)', () => {
  const BIG = 2 * GiB + 5 * MiB2; // PDPT index 2, PD index 5

  function mapBig(attrs: LeafAttrs): { mem: PhysMem; pt: PageTable; fa: number } {
    const { mem, pt } = setup();
    const fa = mem.allocLargeFrame() * 4096;
    pt.map2m(BIG, fa, attrs);
    return { mem, pt, fa };
  }

  it('the PDE is the leaf: PS, frame bits 51:21, key and XD in the PDE; three tables', () => {
    const { mem, pt, fa } = mapBig({ present: true, writable: false, user: true, xd: true, pkey: 13 });
    expect(fa % MiB2).toBe(0);
    expect(pt.tableFrameCount).toBe(3);
    const pdPfn = nextPfn(entry(mem, nextPfn(entry(mem, pt.rootPfn, 0)), 2));
    expect(nonZeroEntries(mem, pdPfn)).toEqual([5]);
    expect(entry(mem, pdPfn, 5)).toBe((1n << 63n) | (13n << 59n) | BigInt(fa) | 0x85n);
    expect(pt.leaf(BIG + 0x1234)).toMatchObject({ tablePfn: pdPfn, index: 5, large: true });
  });

  it('walk inside the page returns the 4 KiB piece and the PDE key; changing the PDE key changes it', () => {
    const { mem, pt, fa } = mapBig({ present: true, writable: true, user: true, xd: false, pkey: 13 });
    expect(pt.walk(BIG + 0x1_2345, false)).toMatchObject({ pageBase: fa + 0x1_2000, pkey: 13, writable: true });
    expect(pt.walk(BIG + MiB2 - 1, false)?.pageBase).toBe(fa + MiB2 - 4096);
    const leaf = pt.leaf(BIG);
    const t = mem.frame32(leaf?.tablePfn ?? 0);
    t[2 * 5 + 1] = (((t[2 * 5 + 1] ?? 0) & ~(0xf << 27)) | (6 << 27)) >>> 0; // PDE bits 62:59 := 6
    expect(pt.walk(BIG + 0x1_2345, false)?.pkey).toBe(6);
  });

  it('A and D are set in the PDE', () => {
    const { mem, pt } = mapBig({ present: true, writable: true, user: true, xd: false, pkey: 1 });
    const pdPfn = pt.leaf(BIG)?.tablePfn ?? 0;
    pt.walk(BIG + 0x3000, false);
    expect(entry(mem, pdPfn, 5) & 0xe0n).toBe(0xa0n); // PS | A
    pt.walk(BIG + 0x3000, true);
    expect(entry(mem, pdPfn, 5) & 0xe0n).toBe(0xe0n); // PS | D | A
  });

  it('map2m refuses an unaligned address and a PDE that already holds a page table', () => {
    const { pt } = setup();
    expect(() => pt.map2m(BIG + 4096, 0, RW_USER)).toThrow(InvariantError);
    pt.map4k(BIG + 4096, 0x5000, RW_USER);
    expect(() => pt.map2m(BIG, 0x20_0000, RW_USER)).toThrow(InvariantError);
  });

  it('splitLarge keeps rights, key, frames and A/D in all 512 PTEs', () => {
    const attrs: LeafAttrs = { present: true, writable: false, user: true, xd: true, pkey: 13 };
    const { mem, pt, fa } = mapBig(attrs);
    const big = pt.leaf(BIG);
    if (big === null) throw new Error('no leaf');
    pt.setDirty(big);
    pt.splitLarge(BIG + 7 * 4096);
    expect(pt.tableFrameCount).toBe(4);
    const pde = entry(mem, big.tablePfn, 5);
    expect(pde & 0xfffn).toBe(0x7n); // P|RW|US, PS clear: now points at a PT
    expect(pde >> 52n).toBe(0n);
    for (let j = 0; j < 512; j++) {
      const leaf = pt.leaf(BIG + j * 4096);
      expect(leaf?.large).toBe(false);
      if (leaf === null) continue;
      expect(leafAttrsOf(leaf)).toEqual(attrs);
      expect(pteFrameAddr(leaf.lo, leaf.hi)).toBe(fa + j * 4096);
      expect(leaf.lo & 0x60).toBe(0x60);
      expect(pt.walk(BIG + j * 4096 + 9, false)?.pageBase).toBe(fa + j * 4096);
    }
  });

  it('splitLarge of a PROT_NONE 2 MiB leaf keeps every PTE not-present', () => {
    const { pt } = mapBig({ present: false, writable: true, user: true, xd: true, pkey: 2 });
    pt.splitLarge(BIG);
    const leaf = pt.leaf(BIG + 100 * 4096);
    expect(leaf === null ? null : leafAttrsOf(leaf)).toEqual({ present: false, writable: true, user: true, xd: true, pkey: 2 });
    expect(pt.walk(BIG + 100 * 4096, false)).toBeNull();
  });

  it('splitLarge of a 4 KiB mapping is an invariant error', () => {
    const { pt } = setup();
    pt.map4k(VA, 0x5000, RW_USER);
    expect(() => pt.splitLarge(VA)).toThrow(InvariantError);
  });
});

describe('forEachLeaf', () => {
  const A = 0x1000_0000;
  const BIG = GiB;
  const FAR = 2 ** 39;

  function populated(): PageTable {
    const { mem, pt } = setup();
    pt.map4k(FAR, 0x9000, RW_USER);
    pt.map4k(A + 0x3000, 0x8000, { ...RW_USER, present: false });
    pt.map4k(A + 0x1000, 0x6000, RW_USER);
    pt.map4k(A, 0x5000, RW_USER);
    pt.map2m(BIG, mem.allocLargeFrame() * 4096, RW_USER);
    return pt;
  }
  function visit(pt: PageTable, start: number, end: number): Array<[number, boolean]> {
    const out: Array<[number, boolean]> = [];
    pt.forEachLeaf(start, end, (va, leaf) => out.push([va, leaf.large]));
    return out;
  }

  it.each([
    ['the whole space, in address order, PROT_NONE included', 0, 2 ** 47,
      [[A, false], [A + 0x1000, false], [A + 0x3000, false], [BIG, true], [FAR, false]]],
    ['[A+0x1000, A+0x3000): end is exclusive', A + 0x1000, A + 0x3000, [[A + 0x1000, false]]],
    ['a range inside the 2 MiB page reports it once at its aligned start', BIG + 0x5000, BIG + 0x6000, [[BIG, true]]],
    ['a range with no leaves', A + 0x4000, BIG, []],
    ['an empty range', A, A, []],
  ] as const)('%s', (_name, start, end, expected) => {
    expect(visit(populated(), start, end)).toEqual(expected);
  });
});

describe('A and D bits, setLeafAttrs, clearLeaf, PROT_NONE', () => {
  it('a new leaf has A=0 D=0; read walk sets A; write walk sets D; setDirty sets both', () => {
    const { pt } = setup();
    pt.map4k(VA, 0x5000, RW_USER);
    pt.map4k(VA + 4096, 0x6000, RW_USER);
    const ad = (va: number): number => (pt.leaf(va)?.lo ?? -1) & 0x60;
    expect(ad(VA)).toBe(0);
    expect(pt.walk(VA, false)?.dirty).toBe(false);
    expect(ad(VA)).toBe(0x20);
    expect(pt.walk(VA, true)?.dirty).toBe(true);
    expect(ad(VA)).toBe(0x60);
    expect(pt.walk(VA, false)?.dirty).toBe(true);
    const other = pt.leaf(VA + 4096);
    if (other !== null) pt.setDirty(other);
    expect(ad(VA + 4096)).toBe(0x60);
  });

  it('setLeafAttrs rewrites rights and key but keeps frame, A and D', () => {
    const { mem, pt } = setup();
    pt.map4k(VA, 0x1_0000_5000, RW_USER);
    pt.walk(VA, true);
    const leaf = pt.leaf(VA);
    if (leaf === null) throw new Error('no leaf');
    pt.setLeafAttrs(leaf, { present: true, writable: false, user: true, xd: true, pkey: 4 });
    expect(entry(mem, leaf.tablePfn, 4)).toBe((1n << 63n) | (4n << 59n) | 0x1_0000_5000n | 0x65n);
  });

  it('clearLeaf zeroes the entry and returns its frame', () => {
    const { mem, pt } = setup();
    pt.map4k(VA, 0x2_0000_7000, RW_USER);
    const leaf = pt.leaf(VA);
    if (leaf === null) throw new Error('no leaf');
    expect(pt.clearLeaf(leaf)).toBe(0x2_0000_7000);
    expect(entry(mem, leaf.tablePfn, 4)).toBe(0n);
    expect(pt.leaf(VA)).toBeNull();
  });

  it('a PROT_NONE leaf is P=0 with bit 8 set and its frame kept: the walk misses, leaf() finds it', () => {
    const { mem, pt } = setup();
    pt.map4k(VA, 0x5000, { present: false, writable: true, user: true, xd: true, pkey: 3 });
    const leaf = pt.leaf(VA);
    expect(leaf === null ? 0n : entry(mem, leaf.tablePfn, 4)).toBe((1n << 63n) | (3n << 59n) | 0x5000n | 0x106n);
    expect(pt.walk(VA, false)).toBeNull();
  });
});
