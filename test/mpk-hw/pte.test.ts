/**
 * Paging-entry layout, checked on the whole 64-bit value (pteToBigInt) with literal bit
 * positions: PKEY = bits 62:59, XD = bit 63, frame = bits 51:12 (51:21 for a 2 MiB leaf).
 * SDM Vol.3A 4.5 tables 4-18..4-20, 4.6.2; spec H-2.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  PTE_P, PTE_RW, PTE_US, PTE_PWT, PTE_PCD, PTE_A, PTE_D, PTE_PS, PTE_G, PTE_PROTNONE,
  pteLo, pteHi, pteFrameAddr, pteFrameAddr4k, ptePkey, pteHiWithPkey, pteXd, pteHiWithXd, decodePte,
  pteToBigInt, pteFromBigInt,
} from '../../mpk-hw/pte.js';

const KEYS = Array.from({ length: 16 }, (_, k) => k);
const FRAME_4K_MASK = 0x000f_ffff_ffff_f000n; // bits 51:12
const FRAME_2M_MASK = 0x000f_ffff_ffe0_0000n; // bits 51:21

function entry(frameAddr: number, flags: number, pkey: number, xd: boolean, large = false): bigint {
  return pteToBigInt(pteLo(frameAddr, flags, large), pteHi(frameAddr, pkey, xd));
}

describe('flag bits', () => {
  it.each([
    ['P', PTE_P, 0], ['R/W', PTE_RW, 1], ['U/S', PTE_US, 2], ['PWT', PTE_PWT, 3], ['PCD', PTE_PCD, 4],
    ['A', PTE_A, 5], ['D', PTE_D, 6], ['PS', PTE_PS, 7], ['G', PTE_G, 8],
  ])('%s is bit %i', (_name, value, bit) => {
    expect(value).toBe(2 ** bit);
  });

  it('PROTNONE is bit 8 (Linux _PAGE_BIT_PROTNONE aliases G) and survives encoding with P clear', () => {
    expect(PTE_PROTNONE).toBe(0x100);
    const v = entry(0x5000, PTE_PROTNONE | PTE_RW | PTE_US, 3, true);
    expect(v & 0x1ffn).toBe(0x106n);
    expect(v & 1n).toBe(0n);
    expect(decodePte(pteFromBigInt(v).lo, pteFromBigInt(v).hi)).toEqual({ frameAddr: 0x5000, flags: 0x106, pkey: 3, xd: true });
  });
});

describe('PKEY in bits 62:59 and XD in bit 63', () => {
  it.each(KEYS)('key %i lands in bits 62:59 and nowhere else', (k) => {
    const v = entry(0, 0, k, false);
    expect(v).toBe(BigInt(k) << 59n);
    expect((v >> 59n) & 0xfn).toBe(BigInt(k));
    expect(ptePkey(pteFromBigInt(v).hi)).toBe(k);
  });

  it.each(KEYS)('key %i with XD: bit 63 set, frame and flags untouched', (k) => {
    const frame = 0x000f_ffff_ffff_f000; // every frame bit set
    const v = entry(frame, PTE_P | PTE_RW | PTE_US, k, true);
    expect(v >> 63n).toBe(1n);
    expect((v >> 59n) & 0xfn).toBe(BigInt(k));
    expect(v & FRAME_4K_MASK).toBe(BigInt(frame));
    expect(v & 0xfffn).toBe(0x7n);
    expect((v >> 52n) & 0x7fn).toBe(0n); // bits 58:52 ignored, stay clear
    const { lo, hi } = pteFromBigInt(v);
    expect(decodePte(lo, hi)).toEqual({ frameAddr: frame, flags: 7, pkey: k, xd: true });
  });

  it('XD alone is exactly bit 63', () => {
    expect(entry(0, 0, 0, true)).toBe(1n << 63n);
    expect(pteXd(pteHi(0, 0, true))).toBe(true);
    expect(pteXd(pteHi(0, 15, false))).toBe(false);
  });

  it('pteHiWithPkey replaces only bits 62:59', () => {
    const hi = pteHi(0x3_0000_0000, 9, true);
    for (const k of KEYS) {
      const v = pteToBigInt(0, pteHiWithPkey(hi, k));
      expect(v).toBe((1n << 63n) | (BigInt(k) << 59n) | 0x3_0000_0000n);
    }
  });

  it('pteHiWithXd sets and clears only bit 63', () => {
    const hi = pteHi(0x7_0000_0000, 15, false);
    expect(pteToBigInt(0, pteHiWithXd(hi, true))).toBe((1n << 63n) | (15n << 59n) | 0x7_0000_0000n);
    expect(pteHiWithXd(pteHiWithXd(hi, true), false)).toBe(hi);
  });
});

describe('frame address round trip', () => {
  it.each([
    0x1000, 0x7fff_f000, 0x8000_0000, 0xffff_f000, 0x1_0000_0000, 0x1_2345_6000, 0xab_cdef_0000, 0x000f_ffff_ffff_f000,
  ].map((fa) => [`0x${fa.toString(16)}`, fa] as const))('4 KiB frame %s', (_hex, fa) => {
    const lo = pteLo(fa, PTE_P | PTE_RW);
    const hi = pteHi(fa, 11, true);
    expect(pteFrameAddr(lo, hi)).toBe(fa);
    expect(pteFrameAddr4k(lo, hi)).toBe(fa);
    expect(pteToBigInt(lo, hi) & FRAME_4K_MASK).toBe(BigInt(fa));
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeGreaterThanOrEqual(0);
  });

  it.each([
    0x20_0000, 0x8000_0000, 0xffe0_0000, 0x1_0000_0000, 0x3_4560_0000, 0x000f_ffff_ffe0_0000,
  ].map((fa) => [`0x${fa.toString(16)}`, fa] as const))('2 MiB frame %s (PS=1; bits 20:12 are not frame bits)', (_hex, fa) => {
    const lo = pteLo(fa, PTE_P | PTE_PS, true);
    const hi = pteHi(fa, 2, false);
    expect(pteFrameAddr(lo, hi)).toBe(fa);
    expect(pteToBigInt(lo, hi) & FRAME_2M_MASK).toBe(BigInt(fa));
    expect(pteToBigInt(lo, hi) & 0x1f_f000n).toBe(0n);
  });

  it('a 2 MiB leaf ignores bit 12 (PAT) when reading the frame; a 4 KiB read keeps it', () => {
    const lo = (pteLo(0x4_0020_0000, PTE_P | PTE_PS, true) | 0x1000) >>> 0;
    const hi = pteHi(0x4_0020_0000, 0, false);
    expect(pteFrameAddr(lo, hi)).toBe(0x4_0020_0000);
    expect(pteFrameAddr4k(lo, hi)).toBe(0x4_0020_1000);
  });

  it('property: any 4 KiB frame, key, XD and flags decode back unchanged', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 2 ** 40 - 1 }), fc.integer({ min: 0, max: 15 }), fc.boolean(), fc.nat(0x17f),
      (pfn, pkey, xd, anyFlags) => {
        const flags = anyFlags & ~PTE_PS; // bit 7 of a 4 KiB PTE is PAT, never set by this model
        const fa = pfn * 4096;
        const v = entry(fa, flags, pkey, xd);
        expect(v).toBe((xd ? 1n << 63n : 0n) | (BigInt(pkey) << 59n) | BigInt(fa) | BigInt(flags));
        const { lo, hi } = pteFromBigInt(v);
        expect(decodePte(lo, hi)).toEqual({ frameAddr: fa, flags, pkey, xd });
      }));
  });

  it('property: any 2 MiB frame round-trips through a PS=1 entry', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 15 }), (n, pkey) => {
      const fa = n * 0x20_0000;
      const v = entry(fa, PTE_P | PTE_PS | PTE_US, pkey, false, true);
      expect(v).toBe((BigInt(pkey) << 59n) | BigInt(fa) | 0x85n);
      expect(pteFrameAddr(pteFromBigInt(v).lo, pteFromBigInt(v).hi)).toBe(fa);
    }));
  });
});
