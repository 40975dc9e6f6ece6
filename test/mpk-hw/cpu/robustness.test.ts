/**
 * Robustness: 20,000 seeded random byte strings are decoded, printed and run from random
 * register states.  Nothing may escape as a host exception: decode and disasm never throw, and
 * run() only ever returns an exit (architectural exceptions come back as CpuException data).
 */
import { describe, expect, it } from 'vitest';
import { decode } from '../../../mpk-hw/cpu/decode.js';
import { disasm } from '../../../mpk-hw/cpu/disasm.js';
import { CpuException } from '../../../mpk-hw/fault.js';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../../../mpk-hw/kernel/constants.js';
import { Rng } from './native/rng.js';
import { CODE, DATA, STACK_TOP, load, newSim } from './sim.js';

const STRINGS = 20_000;
/** Bytes that make random strings reach deeper into the decoder. */
const INTERESTING = [0x0f, 0x66, 0xf2, 0xf3, 0xf0, 0x48, 0x41, 0x4c, 0x67, 0x64, 0x2e, 0x01, 0xae, 0x3a, 0x38,
  0xc0, 0xd1, 0xf7, 0xff, 0x8b, 0x89, 0x05, 0x04, 0x24, 0x25, 0xe8, 0xe9, 0xc3, 0xcc, 0x0b, 0xef, 0xee];

function randomBytes(rng: Rng, n: number): Uint8Array {
  return Uint8Array.from({ length: n }, () => (rng.chance(0.4) ? rng.pick(INTERESTING) : rng.int(256)));
}

describe('robustness', () => {
  it(`${STRINGS} random byte strings: decode + disasm + run never throw host exceptions`, () => {
    const rng = new Rng(0x5eed);
    const s = newSim();
    load(s, new Uint8Array(4 * 4096), PROT_READ | PROT_WRITE | PROT_EXEC);
    const exits: Record<string, number> = {};
    const pointers = [CODE, DATA, DATA + 4090, STACK_TOP - 64, 0, 0x7fff_ffff_f000];
    for (let k = 0; k < STRINGS; k++) {
      const bytes = randomBytes(rng, 1 + rng.int(40));
      const at = CODE + (rng.chance(0.3) ? 4096 - rng.int(16) : rng.int(3 * 4096));
      const insn = decode(bytes, 0, Math.min(15, bytes.length));
      expect(typeof disasm(insn, at)).toBe('string');
      s.hw.kernelWritePkru(0);
      s.regs.mxcsr = 0x1f80;
      s.t.write(at, bytes);
      for (let r = 0; r < 16; r++) {
        if (rng.chance(0.5)) s.regs.setNum(r, rng.pick(pointers) + rng.int(64));
        else s.regs.set64(r, rng.bits64());
      }
      s.regs.setNum(4, STACK_TOP - 8 * rng.int(64));
      s.regs.rflags = 0x202 | (rng.next() & 0x8d5);
      s.regs.rip = at;
      s.hw.kernelWritePkru(rng.chance(0.8) ? 0 : rng.next());
      const exit = s.cpu.run(s.regs, 32);
      const key = exit.kind === 'exception' ? exit.exception.name : exit.kind;
      if (exit.kind === 'exception') expect(exit.exception).toBeInstanceOf(CpuException);
      exits[key] = (exits[key] ?? 0) + 1;
    }
    console.log(`robustness exits: ${JSON.stringify(exits)}`);
    expect(Object.values(exits).reduce((a, b) => a + b, 0)).toBe(STRINGS);
    expect(exits['InvalidOpcode']).toBeGreaterThan(100);
    expect(exits['PageFault']).toBeGreaterThan(100);
  }, 120_000);
});
