/**
 * The #PF error code pushed by the processor.  SDM Vol.3A 4.7 / 6.15 (Interrupt 14).
 *
 *   15    6    5    4    3    2    1    0
 *  +----+----+----+----+----+----+----+----+
 *  |SGX | SS | PK | I/D|RSVD| U/S| W/R| P  |
 *  +----+----+----+----+----+----+----+----+
 *
 * P    0: not-present page, 1: protection violation
 * W/R  1: the access was a write
 * U/S  1: the access was a user-mode (CPL 3) access
 * RSVD 1: a reserved bit was set in a paging entry (not produced by this model)
 * I/D  1: the access was an instruction fetch (with NX enabled)
 * PK   1: a data access to a user-mode address whose key PKRU disallows
 * SS   1: shadow-stack access (not modelled)
 * Linux names these X86_PF_PROT, X86_PF_WRITE, X86_PF_USER, X86_PF_RSVD, X86_PF_INSTR, X86_PF_PK.
 *
 * This file is the only place that builds or decodes error codes.
 */

export const PF_P = 1 << 0;
export const PF_WR = 1 << 1;
export const PF_US = 1 << 2;
export const PF_RSVD = 1 << 3;
export const PF_ID = 1 << 4;
export const PF_PK = 1 << 5;
export const PF_SS = 1 << 6;
export const PF_SGX = 1 << 15;

/** The decoded meaning of an error code. */
export interface PfErrorBits {
  readonly present: boolean;
  readonly write: boolean;
  readonly user: boolean;
  readonly fetch: boolean;
  readonly pk: boolean;
}

/** Builds an error code from its meaning. */
export function encodePfError(b: PfErrorBits): number {
  return (b.present ? PF_P : 0) | (b.write ? PF_WR : 0) | (b.user ? PF_US : 0) | (b.fetch ? PF_ID : 0) | (b.pk ? PF_PK : 0);
}

/** Decodes an error code. */
export function decodePfError(code: number): PfErrorBits {
  return {
    present: (code & PF_P) !== 0,
    write: (code & PF_WR) !== 0,
    user: (code & PF_US) !== 0,
    fetch: (code & PF_ID) !== 0,
    pk: (code & PF_PK) !== 0,
  };
}

/** Renders an error code, e.g. `0x25 [P user read PK]`. */
export function formatPfError(code: number): string {
  const b = decodePfError(code);
  const parts = [b.present ? 'P' : 'not-present', b.user ? 'user' : 'supervisor', b.fetch ? 'fetch' : b.write ? 'write' : 'read'];
  if (b.pk) parts.push('PK');
  return `0x${code.toString(16)} [${parts.join(' ')}]`;
}
