/**
 * PKRU, the 32-bit per-thread protection-key rights register.  SDM Vol.3A 4.6.2.
 *
 *   31 30 29 28          5  4  3  2  1  0
 *  +-----+-----+-- ... --+-----+-----+-----+
 *  |WD15 |AD15 |   ...   | WD1 | AD1 | WD0 | AD0 |
 *  +-----+-----+-- ... --+-----+-----+-----+
 *
 * For key k: AD (access disable) is bit 2k, WD (write disable) is bit 2k+1.
 * Every one of the 32 bits is meaningful (no reserved bits; pkey-x86.h selftest helpers
 * write arbitrary values and expect RDPKRU to read them back).
 *
 * This file is the only place that shifts PKRU bits.
 */

/** Number of architected protection keys (0..15).  SDM Vol.3A 4.6.2. */
export const NR_PKEYS = 16;
/** Bits per key in PKRU. */
export const PKRU_BITS_PER_PKEY = 2;
/** Access-disable bit of a key's pair (arch/x86/include/asm/pkru.h PKRU_AD_BIT). */
export const PKRU_AD_BIT = 0x1;
/** Write-disable bit of a key's pair (PKRU_WD_BIT). */
export const PKRU_WD_BIT = 0x2;
/** Every key fully accessible. */
export const PKRU_ALLOW_ALL = 0x00000000;
/** Every key access-disabled (the selftests' PKEY_REG_ALLOW_NONE). */
export const PKRU_DENY_ALL = 0x55555555;
/** Linux's default init_pkru_value: AD for keys 1..15, key 0 read/write (arch/x86/mm/pkeys.c). */
export const PKRU_LINUX_INIT = 0x55555554;

/** Rights of one key as the two PKRU bits. */
export interface KeyRights {
  /** Access disable: every data access to the key's pages faults. */
  readonly ad: boolean;
  /** Write disable: data writes fault; reads are allowed. */
  readonly wd: boolean;
}

function checkKey(pkey: number): void {
  if (!Number.isInteger(pkey) || pkey < 0 || pkey >= NR_PKEYS) {
    throw new RangeError(`protection key ${pkey} is outside 0..15`);
  }
}

/** AD bit of `pkey` in `pkru`. */
export function pkruAd(pkru: number, pkey: number): boolean {
  return ((pkru >>> (2 * pkey)) & PKRU_AD_BIT) !== 0;
}

/** WD bit of `pkey` in `pkru`. */
export function pkruWd(pkru: number, pkey: number): boolean {
  return ((pkru >>> (2 * pkey)) & PKRU_WD_BIT) !== 0;
}

/** The two rights bits (0..3) of `pkey`: bit 0 AD, bit 1 WD. */
export function pkruKeyBits(pkru: number, pkey: number): number {
  return (pkru >>> (2 * pkey)) & 3;
}

/** `pkru` with `pkey`'s two bits replaced by `bits` (bit 0 AD, bit 1 WD); other keys unchanged. */
export function pkruWithKeyBits(pkru: number, pkey: number, bits: number): number {
  checkKey(pkey);
  const shift = 2 * pkey;
  return ((pkru & ~(3 << shift)) | ((bits & 3) << shift)) >>> 0;
}

/** `pkru` with `pkey` set to the given rights. */
export function pkruWithRights(pkru: number, pkey: number, rights: KeyRights): number {
  return pkruWithKeyBits(pkru, pkey, (rights.ad ? PKRU_AD_BIT : 0) | (rights.wd ? PKRU_WD_BIT : 0));
}

/** Whether a data read of a page tagged `pkey` is allowed (AD clear). */
export function pkruAllowsRead(pkru: number, pkey: number): boolean {
  return !pkruAd(pkru, pkey);
}

/** Whether a data write of a page tagged `pkey` is allowed (AD and WD clear). */
export function pkruAllowsWrite(pkru: number, pkey: number): boolean {
  return pkruKeyBits(pkru, pkey) === 0;
}

/** Renders PKRU as the 16 keys' rights, key 15 first: `--` allowed, `-W` write-disabled, `A-`/`AW` access-disabled. */
export function formatPkru(pkru: number): string {
  const parts: string[] = [];
  for (let k = NR_PKEYS - 1; k >= 0; k--) {
    const b = pkruKeyBits(pkru, k);
    parts.push(`${k}:${b & PKRU_AD_BIT ? 'A' : '-'}${b & PKRU_WD_BIT ? 'W' : '-'}`);
  }
  return `0x${(pkru >>> 0).toString(16).padStart(8, '0')} [${parts.join(' ')}]`;
}
