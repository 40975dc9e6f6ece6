/**
 * PKRU layout: for key k, AD is bit 2k and WD is bit 2k+1.  SDM Vol.3A 4.6.2; spec H-3.
 * Every expected value below is written as a literal bit position, never through pkru.ts.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  NR_PKEYS, PKRU_BITS_PER_PKEY, PKRU_AD_BIT, PKRU_WD_BIT, PKRU_ALLOW_ALL, PKRU_DENY_ALL, PKRU_LINUX_INIT,
  pkruAd, pkruWd, pkruKeyBits, pkruWithKeyBits, pkruWithRights, pkruAllowsRead, pkruAllowsWrite, formatPkru,
} from '../../mpk-hw/pkru.js';

const KEYS = Array.from({ length: 16 }, (_, k) => k);

describe('PKRU constants', () => {
  it.each([
    ['NR_PKEYS', NR_PKEYS, 16],
    ['PKRU_BITS_PER_PKEY', PKRU_BITS_PER_PKEY, 2],
    ['PKRU_AD_BIT', PKRU_AD_BIT, 0x1],
    ['PKRU_WD_BIT', PKRU_WD_BIT, 0x2],
    ['PKRU_ALLOW_ALL', PKRU_ALLOW_ALL, 0x00000000],
    ['PKRU_DENY_ALL (PKEY_REG_ALLOW_NONE)', PKRU_DENY_ALL, 0x55555555],
    ['PKRU_LINUX_INIT (init_pkru_value)', PKRU_LINUX_INIT, 0x55555554],
  ])('%s = %i', (_name, actual, expected) => {
    expect(actual).toBe(expected);
  });

  it('0x55555555 sets AD and clears WD for every key', () => {
    for (const k of KEYS) {
      expect([pkruAd(PKRU_DENY_ALL, k), pkruWd(PKRU_DENY_ALL, k)]).toEqual([true, false]);
    }
  });

  it('0x55555554 leaves key 0 read/write and access-disables keys 1..15', () => {
    expect(pkruKeyBits(PKRU_LINUX_INIT, 0)).toBe(0);
    for (const k of KEYS.slice(1)) expect(pkruKeyBits(PKRU_LINUX_INIT, k)).toBe(1);
    expect(pkruAllowsWrite(PKRU_LINUX_INIT, 0)).toBe(true);
    expect(pkruAllowsRead(PKRU_LINUX_INIT, 1)).toBe(false);
  });
});

describe('AD = bit 2k, WD = bit 2k+1', () => {
  it.each(KEYS)('key %i: AD alone is bit 2k, WD alone is bit 2k+1', (k) => {
    const ad = 2 ** (2 * k);
    const wd = 2 ** (2 * k + 1);
    expect(pkruWithKeyBits(0, k, PKRU_AD_BIT)).toBe(ad);
    expect(pkruWithKeyBits(0, k, PKRU_WD_BIT)).toBe(wd);
    expect(pkruWithKeyBits(0, k, 3)).toBe(ad + wd);
    expect(pkruWithRights(0, k, { ad: true, wd: false })).toBe(ad);
    expect(pkruWithRights(0, k, { ad: false, wd: true })).toBe(wd);
    expect([pkruAd(ad, k), pkruWd(ad, k), pkruKeyBits(ad, k)]).toEqual([true, false, 1]);
    expect([pkruAd(wd, k), pkruWd(wd, k), pkruKeyBits(wd, k)]).toEqual([false, true, 2]);
  });

  it.each(KEYS)('key %i: a set bit of another key never reads as this key', (k) => {
    for (let bit = 0; bit < 32; bit++) {
      const pkru = 2 ** bit;
      const mine = bit === 2 * k || bit === 2 * k + 1;
      expect(pkruKeyBits(pkru, k)).toBe(mine ? (bit === 2 * k ? 1 : 2) : 0);
    }
  });

  it('results are unsigned 32-bit numbers (key 15 WD is 0x80000000, not negative)', () => {
    expect(pkruWithKeyBits(0, 15, PKRU_WD_BIT)).toBe(0x80000000);
    expect(pkruWithKeyBits(0xffffffff, 0, 0)).toBe(0xfffffffc);
    expect(pkruWithKeyBits(0, 15, 3)).toBe(0xc0000000);
  });

  it('bits above 1 of the rights argument are ignored', () => {
    expect(pkruWithKeyBits(0, 3, 0b111)).toBe(0b11 << 6);
  });
});

describe('pkruWithKeyBits leaves other keys untouched', () => {
  it('property: only bits 2k and 2k+1 change, and they become `bits`', () => {
    fc.assert(fc.property(fc.nat(0xffffffff), fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 3 }),
      (pkru, k, bits) => {
        const out = pkruWithKeyBits(pkru, k, bits);
        const mask = 3 * 2 ** (2 * k);
        expect(out).toBeGreaterThanOrEqual(0);
        expect((out ^ pkru) & ~mask).toBe(0);
        expect(Math.floor(out / 2 ** (2 * k)) % 4).toBe(bits);
      }));
  });

  it('clearing key 7 in 0xffffffff clears exactly bits 14 and 15', () => {
    expect(pkruWithKeyBits(0xffffffff, 7, 0)).toBe(0xffff3fff);
  });

  it.each([-1, 16, 1.5, Number.NaN])('rejects key %d with a RangeError', (k) => {
    expect(() => pkruWithKeyBits(0, k, 1)).toThrow(RangeError);
  });
});

describe('rights predicates', () => {
  it.each([
    // [bits of key 4, read allowed, write allowed]
    [0, true, true],
    [PKRU_AD_BIT, false, false],
    [PKRU_WD_BIT, true, false],
    [PKRU_AD_BIT | PKRU_WD_BIT, false, false],
  ])('key bits %i -> read %s, write %s', (bits, read, write) => {
    const pkru = pkruWithKeyBits(PKRU_DENY_ALL, 4, bits);
    expect(pkruAllowsRead(pkru, 4)).toBe(read);
    expect(pkruAllowsWrite(pkru, 4)).toBe(write);
  });

  it('formatPkru lists key 15 first', () => {
    expect(formatPkru(PKRU_LINUX_INIT)).toBe(
      '0x55555554 [15:A- 14:A- 13:A- 12:A- 11:A- 10:A- 9:A- 8:A- 7:A- 6:A- 5:A- 4:A- 3:A- 2:A- 1:A- 0:--]');
    expect(formatPkru(0x80000008)).toBe(
      '0x80000008 [15:-W 14:-- 13:-- 12:-- 11:-- 10:-- 9:-- 8:-- 7:-- 6:-- 5:-- 4:-- 3:-- 2:-- 1:-W 0:--]');
  });
});
