/**
 * Generator templates for the stack, control flow (forward branches, calls and returns,
 * indirect jumps), multi-byte NOPs and SSE2/SSE4.1 scalar double (flags per the SDM: UCOMISD
 * and COMISD write all six, nothing else here writes flags).
 */
import type { Gen } from './generator.js';
import { ALL_FLAGS, regName, reg32, reg64 } from './layout.js';
import { CC, CC_IN, hex, type Template } from './templates.js';

const xmm = (g: Gen): string => `xmm${g.rng.int(16)}`;

const push: Template = {
  name: 'push', weight: 4, topLevel: true,
  gen(g) {
    const r = g.rng;
    if (g.stackDepth >= 8 && r.chance(0.5)) {
      const k = r.int(3);
      g.emit(k === 0 ? `pop ${reg64(g.dest())}` : k === 1 ? `pop ${g.mem(8, true)}` : `pop ${regName(g.dest(), 2)}`);
      g.stackDepth -= k === 2 ? 2 : 8;
      return;
    }
    const k = r.int(6);
    const text = [`push ${reg64(g.src())}`, `push ${g.mem(8, false)}`, `push ${hex(r.next() | 0)}`, `push ${hex(r.int(256) - 128)}`,
      'push rsp', `push ${regName(g.src(), 2)}`][k] as string;
    g.emit(text);
    g.stackDepth += k === 5 ? 2 : 8;
  },
};

/** Emits `count` instructions into a block a forward branch may skip. */
function block(g: Gen, count: number): void {
  g.condDepth++;
  for (let n = 0; n < count; n++) g.instr(true);
  g.condDepth--;
}

const jcc: Template = {
  name: 'jcc', weight: 4, topLevel: true,
  gen(g) {
    const cc = g.rng.int(16);
    g.need(CC_IN[cc >> 1] as number);
    const l = g.label();
    if (g.rng.chance(0.3)) g.emit(`.byte 0x0f, 0x${(0x80 + cc).toString(16)}\n.long ${l} - . - 4`);
    else g.emit(`j${CC[cc]} ${l}`);
    block(g, 1 + g.rng.int(3));
    g.emit(`${l}:`);
  },
};

const jmp: Template = {
  name: 'jmp', weight: 2, topLevel: true,
  gen(g) {
    const l = g.label();
    const k = g.rng.int(4);
    if (k === 0) g.emit(`.byte 0xe9\n.long ${l} - . - 4`);
    else if (k === 1) g.emit(`jmp ${l}`);
    else {
      const r = g.dest();
      g.emit(`lea ${reg64(r)}, [rip+${l}]`);
      if (k === 2) g.emit(`jmp ${reg64(r)}`);
      else {
        const m = g.mem(8, true);
        g.emit(`mov ${m}, ${reg64(r)}`);
        g.emit(`jmp ${m}`);
      }
    }
    block(g, 1 + g.rng.int(2));
    g.emit(`${l}:`);
  },
};

/** Runs `emit` with g.lines swapped for a fresh array; returns what it emitted. */
function capture(g: Gen, emit: () => void): string[] {
  const saved = g.lines;
  g.lines = [];
  emit();
  const got = g.lines;
  g.lines = saved;
  return got;
}

const call: Template = {
  name: 'call', weight: 3, topLevel: true,
  gen(g) {
    const f = g.label(), e = g.label();
    const k = g.rng.int(4);
    const pre: string[] = [];
    if (k === 1) {
      pre.push(`push ${reg64(g.src())}`);
    } else if (k >= 2) {
      const r = g.dest();
      pre.push(`lea ${reg64(r)}, [rip+${f}]`);
      if (k === 3) {
        const m = g.mem(8, true);
        pre.push(`mov ${m}, ${reg64(r)}`, `call ${m}`);
      } else {
        pre.push(`call ${reg64(r)}`);
      }
    }
    if (k < 2) pre.push(`call ${f}`);
    // Execution order: the callee body first, then the code after the call.
    const callee = capture(g, () => { for (let n = 1 + g.rng.int(3); n > 0; n--) g.instr(true); });
    const after = capture(g, () => { for (let n = g.rng.int(3); n > 0; n--) g.instr(true); });
    g.lines.push(...pre, ...after, `jmp ${e}`, `${f}:`, ...callee, k === 1 ? 'ret 8' : 'ret', `${e}:`);
  },
};

const rsp: Template = {
  name: 'rsp', weight: 1,
  gen(g) {
    g.emit(g.rng.chance(0.5) ? `mov ${reg64(g.dest())}, rsp` : `lea ${regName(g.dest(), 4)}, [rsp+${g.rng.int(64)}]`);
  },
};

const nop: Template = {
  name: 'nop', weight: 1,
  gen(g) {
    g.emit(g.rng.pick(['nop', `nop ${g.mem(4, false)}`, `nop ${g.mem(2, false)}`, 'nop WORD PTR [rax+rax*1+0x0]', 'xchg ax, ax',
      'pause', 'lfence', 'mfence', 'sfence', 'endbr64']));
  },
};

const sseArith: Template = {
  name: 'sse-arith', weight: 8,
  gen(g) {
    const op = g.rng.pick(['addsd', 'subsd', 'mulsd', 'divsd', 'sqrtsd', 'minsd', 'maxsd']);
    g.emit(`${op} ${xmm(g)}, ${g.rng.chance(0.6) ? xmm(g) : g.mem(8, false)}`);
  },
};

const sseCompare: Template = {
  name: 'sse-compare', weight: 3,
  gen(g) {
    g.emit(`${g.rng.pick(['ucomisd', 'comisd'])} ${xmm(g)}, ${g.rng.chance(0.6) ? xmm(g) : g.mem(8, false)}`, ALL_FLAGS, 0);
  },
};

const sseMove: Template = {
  name: 'sse-move', weight: 5,
  gen(g) {
    const x = xmm(g);
    const forms = [`movsd ${x}, ${xmm(g)}`, `movsd ${x}, ${g.mem(8, false)}`, `movsd ${g.mem(8, true)}, ${x}`,
      `movq ${x}, ${reg64(g.src())}`, `movq ${reg64(g.dest())}, ${x}`, `movq ${x}, ${g.mem(8, false)}`,
      `movq ${g.mem(8, true)}, ${x}`, `movq ${x}, ${xmm(g)}`, `movd ${x}, ${reg32(g.src())}`, `movd ${reg32(g.dest())}, ${x}`,
      `movd ${x}, ${g.mem(4, false)}`, `movd ${g.mem(4, true)}, ${x}`, `movapd ${x}, ${xmm(g)}`,
      `movapd ${x}, ${g.mem(16, false)}`, `movapd ${g.mem(16, true)}, ${x}`];
    g.emit(g.rng.pick(forms));
  },
};

const sseConvert: Template = {
  name: 'sse-convert', weight: 3,
  gen(g) {
    const n = g.rng.pick([4, 8]);
    if (g.rng.chance(0.5)) g.emit(`cvtsi2sd ${xmm(g)}, ${g.rng.chance(0.6) ? regName(g.src(), n) : g.mem(n, false)}`);
    else g.emit(`cvttsd2si ${regName(g.dest(), n)}, ${g.rng.chance(0.6) ? xmm(g) : g.mem(8, false)}`);
  },
};

const sseLogic: Template = {
  name: 'sse-logic', weight: 2,
  gen(g) {
    const op = g.rng.pick(['andpd', 'andnpd', 'orpd', 'xorpd']);
    g.emit(`${op} ${xmm(g)}, ${g.rng.chance(0.6) ? xmm(g) : g.mem(16, false)}`);
  },
};

const roundsd: Template = {
  name: 'roundsd', weight: 2,
  gen(g) {
    g.emit(`roundsd ${xmm(g)}, ${g.rng.chance(0.6) ? xmm(g) : g.mem(8, false)}, ${g.rng.int(16)}`);
  },
};

/** Control-flow, stack and SSE templates. */
export const FLOW_TEMPLATES: readonly Template[] = [push, jcc, jmp, call, rsp, nop, sseArith, sseCompare, sseMove, sseConvert, sseLogic, roundsd];
