import { describe, expect, it } from 'vitest';
import { assert, InvariantError } from '../../mpk-hw/errors.js';
import { PhysMem } from '../../mpk-hw/phys-mem.js';

describe('assert', () => {
  it('builds a message given as a function only when the condition fails', () => {
    let built = 0;
    const msg = (): string => { built++; return 'it broke'; };
    assert(true, msg);
    expect(built).toBe(0);
    expect(() => assert(false, msg)).toThrow(InvariantError);
    expect(() => assert(0, msg)).toThrow('it broke');
    expect(built).toBe(2);
    expect(() => assert(null, 'plain')).toThrow('plain');
  });

  it('the hot physical-memory checks still name what went wrong', () => {
    const mem = new PhysMem();
    expect(() => mem.frame(12345)).toThrow('access to unallocated frame 12345');
  });
});
