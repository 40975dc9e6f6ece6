/**
 * XSAVE state component 9 (PKRU).  SDM Vol.1 13.6 (init value 0), 13.7 (XSAVE writes
 * XSTATE_BV[i] = XINUSE[i]), 13.8.1 (XRSTOR loads the init value when XSTATE_BV[i] = 0);
 * spec H-8 (AMD clears XINUSE[PKRU] on WRPKRU(0), Intel keeps it set).
 */
import { describe, it, expect } from 'vitest';
import { GeneralProtection, InvalidOpcode } from '../../mpk-hw/fault.js';
import { HwThread, type Vendor } from '../../mpk-hw/hw-thread.js';
import { Machine } from '../../mpk-hw/machine.js';
import { PROT_READ, PROT_WRITE } from '../../mpk-hw/kernel/constants.js';
import {
  XFEATURE_PKRU, XFEATURE_MASK_PKRU, XFEATURE_MASK_FPSSE, XSAVE_HEADER_OFFSET, DEFAULT_PKRU_XSTATE_OFFSET,
  XsaveBuffer, xsaveLayout, xsavePkru, xrstorPkru,
} from '../../mpk-hw/xsave.js';

const BV = 512; // XSTATE_BV: first 8 bytes of the XSAVE header
const PKRU_OFF = 2688;
const ALL = 0b10_0000_0011; // RFBM: x87 | SSE | PKRU

function area(): XsaveBuffer {
  return new XsaveBuffer(xsaveLayout());
}

describe('constants and layout', () => {
  it.each([
    ['XFEATURE_PKRU', XFEATURE_PKRU, 9],
    ['XFEATURE_MASK_PKRU', XFEATURE_MASK_PKRU, 0x200],
    ['XFEATURE_MASK_FPSSE', XFEATURE_MASK_FPSSE, 0x3],
    ['XSAVE_HEADER_OFFSET', XSAVE_HEADER_OFFSET, 512],
    ['DEFAULT_PKRU_XSTATE_OFFSET', DEFAULT_PKRU_XSTATE_OFFSET, 2688],
  ])('%s = %i', (_n, actual, expected) => {
    expect(actual).toBe(expected);
  });

  it('the 8-byte PKRU component is the last one: size = offset + 8', () => {
    expect(xsaveLayout()).toEqual({ pkruOffset: 2688, size: 2696 });
    expect(xsaveLayout(1024)).toEqual({ pkruOffset: 1024, size: 1032 });
    expect(area().bytes.length).toBe(2696);
  });

  it('XsaveBuffer is little-endian', () => {
    const a = area();
    a.write32(PKRU_OFF, 0x11223344);
    expect([...a.bytes.subarray(PKRU_OFF, PKRU_OFF + 4)]).toEqual([0x44, 0x33, 0x22, 0x11]);
  });
});

describe('xsavePkru', () => {
  it('RFBM[9] = 1: bytes 3:0 = PKRU, bytes 7:4 = 0, XSTATE_BV[9] = XINUSE[9], other BV bits kept', () => {
    const a = area();
    a.write32(BV, 0x3);
    a.write32(PKRU_OFF + 4, 0xffffffff);
    xsavePkru(a, xsaveLayout(), 0x55555554, true, ALL);
    expect([a.read32(PKRU_OFF), a.read32(PKRU_OFF + 4), a.read32(BV)]).toEqual([0x55555554, 0, 0x203]);
    xsavePkru(a, xsaveLayout(), 0, false, ALL);
    expect([a.read32(PKRU_OFF), a.read32(BV)]).toEqual([0, 0x3]);
  });

  it('RFBM[9] = 0: the area is not touched', () => {
    const a = area();
    a.write32(BV, 0x200);
    a.write32(PKRU_OFF, 0xdeadbeef);
    const before = Uint8Array.from(a.bytes);
    xsavePkru(a, xsaveLayout(), 0x12345678, false, XFEATURE_MASK_FPSSE);
    expect(a.bytes).toEqual(before);
  });

  it('uses the configured component offset', () => {
    const layout = xsaveLayout(1024);
    const a = new XsaveBuffer(layout);
    xsavePkru(a, layout, 0xc0000000, true, ALL);
    expect([a.read32(1024), a.read32(BV)]).toEqual([0xc0000000, 0x200]);
  });
});

describe('xrstorPkru', () => {
  it('XSTATE_BV[9] = 1 loads bytes 3:0 of the component', () => {
    const a = area();
    a.write32(BV, 0x203);
    a.write32(PKRU_OFF, 0xfffffffc);
    expect(xrstorPkru(a, xsaveLayout(), ALL)).toEqual({ pkru: 0xfffffffc, xinuse: true });
  });

  it('XSTATE_BV[9] = 0 loads the init value 0 whatever the slot holds (arch_force_pkey_reg_init)', () => {
    const a = area();
    a.write32(BV, 0x3);
    a.write32(PKRU_OFF, 0x55555555);
    expect(xrstorPkru(a, xsaveLayout(), ALL)).toEqual({ pkru: 0, xinuse: false });
  });

  it('RFBM[9] = 0 leaves PKRU unchanged (null), whatever XSTATE_BV says', () => {
    const a = area();
    a.write32(BV, 0x203);
    a.write32(PKRU_OFF, 0x55555555);
    expect(xrstorPkru(a, xsaveLayout(), XFEATURE_MASK_FPSSE)).toBeNull();
    a.write32(BV, 0x3);
    expect(xrstorPkru(a, xsaveLayout(), 0)).toBeNull();
  });
});

describe('XINUSE[PKRU] tracking on HwThread: Intel vs AMD', () => {
  it.each([
    // [vendor, XINUSE after WRPKRU(0), XSTATE_BV after XSAVE]
    ['intel', true, 0x203],
    ['amd', false, 0x003],
  ] as const)('%s: WRPKRU(0) -> XINUSE %s, XSAVE writes XSTATE_BV %i', (vendor: Vendor, xinuse, bv) => {
    const cpu = new HwThread(0, true, vendor);
    expect([cpu.pkru, cpu.xinusePkru]).toEqual([0, false]); // reset: init configuration
    cpu.wrpkru(0x55555554, 0, 0);
    expect([cpu.rdpkru(0), cpu.xinusePkru]).toEqual([0x55555554, true]);
    cpu.wrpkru(0, 0, 0);
    expect([cpu.rdpkru(0), cpu.xinusePkru]).toEqual([0, xinuse]);
    const a = area();
    a.write32(BV, 0x203);
    a.write32(PKRU_OFF, 0xffffffff);
    xsavePkru(a, xsaveLayout(), cpu.pkru, cpu.xinusePkru, ALL);
    expect([a.read32(BV), a.read32(PKRU_OFF)]).toEqual([bv, 0]);
    // Restoring that image gives PKRU 0 either way.
    expect(xrstorPkru(a, xsaveLayout(), ALL)).toEqual({ pkru: 0, xinuse });
  });

  it.each(['intel', 'amd'] as const)('%s: kernelWritePkru has the same XINUSE effect as WRPKRU', (vendor) => {
    const cpu = new HwThread(1, true, vendor);
    cpu.kernelWritePkru(0x4);
    expect(cpu.xinusePkru).toBe(true);
    cpu.kernelWritePkru(0);
    expect(cpu.xinusePkru).toBe(vendor === 'intel');
  });

  it('WRPKRU/RDPKRU: #GP(0) unless ECX = EDX = 0; #UD without CR4.PKE', () => {
    const cpu = new HwThread(0, true, 'intel');
    expect(() => cpu.wrpkru(4, 1, 0)).toThrow(GeneralProtection);
    expect(() => cpu.wrpkru(4, 0, 1)).toThrow(GeneralProtection);
    expect(() => cpu.rdpkru(1)).toThrow(GeneralProtection);
    expect(cpu.pkru).toBe(0);
    cpu.wrpkru(-1, 0, 0); // EAX is taken as unsigned 32 bits
    expect(cpu.rdpkru(0)).toBe(0xffffffff);
    const old = new HwThread(0, false, 'intel');
    expect(() => old.wrpkru(0, 0, 0)).toThrow(InvalidOpcode);
    expect(() => old.rdpkru(0)).toThrow(InvalidOpcode);
  });
});

describe('through a thread: XSAVE/XRSTOR in guest memory', () => {
  it.each([['intel', 0x203], ['amd', 0x003]] as const)('%s: WRPKRU(0); XSAVE writes XSTATE_BV %i', (vendor, bv) => {
    const m = new Machine({ vendor, cpus: 1 });
    const t = m.spawn();
    const p = t.mmap(0, 4096, PROT_READ | PROT_WRITE);
    t.write32(p + BV, 0x203);
    t.wrpkru(0);
    t.xsave(p, ALL);
    expect(t.read32(p + BV)).toBe(bv);
    expect(t.read32(p + PKRU_OFF)).toBe(0);
  });

  it('clearing XSTATE_BV[9] then XRSTOR forces PKRU to 0 (the selftest trick)', () => {
    const m = new Machine({ cpus: 1 });
    const t = m.spawn();
    const p = t.mmap(0, 4096, PROT_READ | PROT_WRITE);
    expect(t.rdpkru()).toBe(0x55555554);
    t.xsave(p, ALL);
    expect([t.read32(p + BV), t.read32(p + PKRU_OFF)]).toEqual([0x200, 0x55555554]);
    t.write32(p + BV, t.read32(p + BV) & ~0x200);
    t.xrstor(p, ALL);
    expect(t.rdpkru()).toBe(0);
    t.wrpkru(0x55555554);
    t.xrstor(p, XFEATURE_MASK_FPSSE); // RFBM[9] = 0: unchanged
    expect(t.rdpkru()).toBe(0x55555554);
  });
});
