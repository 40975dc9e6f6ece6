/**
 * #PF error code bits.  SDM Vol.3A 6.15 (Interrupt 14); spec H-5.
 * P = bit 0, W/R = bit 1, U/S = bit 2, RSVD = bit 3, I/D = bit 4, PK = bit 5, SS = bit 6, SGX = bit 15.
 */
import { describe, it, expect } from 'vitest';
import {
  PF_P, PF_WR, PF_US, PF_RSVD, PF_ID, PF_PK, PF_SS, PF_SGX, encodePfError, decodePfError, formatPfError,
  type PfErrorBits,
} from '../../mpk-hw/pf-error-code.js';

const NONE: PfErrorBits = { present: false, write: false, user: false, fetch: false, pk: false };

describe('error-code bit positions', () => {
  it.each([
    ['P', PF_P, 0x01],
    ['W/R', PF_WR, 0x02],
    ['U/S', PF_US, 0x04],
    ['RSVD', PF_RSVD, 0x08],
    ['I/D', PF_ID, 0x10],
    ['PK', PF_PK, 0x20],
    ['SS', PF_SS, 0x40],
    ['SGX', PF_SGX, 0x8000],
  ])('%s = %i', (_name, actual, expected) => {
    expect(actual).toBe(expected);
  });

  it.each([
    ['present', 0x01],
    ['write', 0x02],
    ['user', 0x04],
    ['fetch', 0x10],
    ['pk', 0x20],
  ] as const)('encodePfError sets only the bit of %s (%i)', (field, bit) => {
    expect(encodePfError({ ...NONE, [field]: true })).toBe(bit);
  });

  it('encodePfError of nothing is 0 (supervisor read of a not-present page)', () => {
    expect(encodePfError(NONE)).toBe(0);
  });
});

describe('round trip', () => {
  it('decode(encode(b)) === b for all 32 combinations, and the code is the sum of the literal bits', () => {
    for (let n = 0; n < 32; n++) {
      const b: PfErrorBits = {
        present: (n & 1) !== 0, write: (n & 2) !== 0, user: (n & 4) !== 0, fetch: (n & 8) !== 0, pk: (n & 16) !== 0,
      };
      const expected = (b.present ? 1 : 0) + (b.write ? 2 : 0) + (b.user ? 4 : 0) + (b.fetch ? 16 : 0) + (b.pk ? 32 : 0);
      const code = encodePfError(b);
      expect(code).toBe(expected);
      expect(decodePfError(code)).toEqual(b);
    }
  });

  it('decode ignores RSVD, SS and SGX', () => {
    expect(decodePfError(PF_RSVD | PF_SS | PF_SGX)).toEqual(NONE);
  });

  it.each([
    // Linux's canonical examples: user write PK fault on a present page, user fetch of a not-present page.
    [0x27, { present: true, write: true, user: true, fetch: false, pk: true }],
    [0x25, { present: true, write: false, user: true, fetch: false, pk: true }],
    [0x14, { present: false, write: false, user: true, fetch: true, pk: false }],
    [0x03, { present: true, write: true, user: false, fetch: false, pk: false }],
  ])('decodes %i', (code, bits) => {
    expect(decodePfError(code)).toEqual(bits);
  });
});

describe('formatPfError', () => {
  it.each([
    [0x0, '0x0 [not-present supervisor read]'],
    [0x7, '0x7 [P user write]'],
    [0x15, '0x15 [P user fetch]'],
  ])('formats %i', (code, text) => {
    expect(formatPfError(code)).toBe(text);
  });
});
