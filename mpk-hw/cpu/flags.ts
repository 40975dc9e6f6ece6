/**
 * RFLAGS status bits and condition codes.  SDM Vol.1 3.4.3 (EFLAGS), Appendix B (conditions).
 *
 *   11  10   9   8   7   6   5   4   3   2   1   0
 *  +---+---+---+---+---+---+---+---+---+---+---+---+
 *  |OF |DF |IF |TF |SF |ZF | 0 |AF | 0 |PF | 1 |CF |
 *  +---+---+---+---+---+---+---+---+---+---+---+---+
 *
 * This file is the only place that names RFLAGS bits.
 */

/** Carry flag. */
export const CF = 1 << 0;
/** Parity flag: set when the low byte of the result has an even number of 1 bits. */
export const PF = 1 << 2;
/** Auxiliary carry: carry or borrow out of bit 3. */
export const AF = 1 << 4;
/** Zero flag. */
export const ZF = 1 << 6;
/** Sign flag. */
export const SF = 1 << 7;
/** Direction flag (string instructions; not used by the modelled subset). */
export const DF = 1 << 10;
/** Overflow flag. */
export const OF = 1 << 11;
/** The six arithmetic status flags. */
export const STATUS_FLAGS = CF | PF | AF | ZF | SF | OF;

/** PF for each possible low byte. */
export const PARITY: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (let b = 0; b < 256; b++) {
    let n = 0;
    for (let x = b; x !== 0; x >>= 1) n += x & 1;
    t[b] = n % 2 === 0 ? PF : 0;
  }
  return t;
})();

/**
 * Whether condition `cc` (the low nibble of Jcc/SETcc/CMOVcc) holds for `f` (SDM Vol.1 Table B-1).
 * Odd codes are the negation of the even code below them.
 */
export function condition(cc: number, f: number): boolean {
  let t: boolean;
  switch (cc >> 1) {
    case 0: t = (f & OF) !== 0; break; // O
    case 1: t = (f & CF) !== 0; break; // B / C / NAE
    case 2: t = (f & ZF) !== 0; break; // E / Z
    case 3: t = (f & (CF | ZF)) !== 0; break; // BE / NA
    case 4: t = (f & SF) !== 0; break; // S
    case 5: t = (f & PF) !== 0; break; // P / PE
    case 6: t = ((f & SF) !== 0) !== ((f & OF) !== 0); break; // L / NGE
    default: t = (f & ZF) !== 0 || ((f & SF) !== 0) !== ((f & OF) !== 0); // LE / NG
  }
  return (cc & 1) === 0 ? t : !t;
}
