/**
 * The first, simplest back end: each IrFunction becomes one x86-64 function (jit/x64).
 *
 * Frame (rbp frame, frame.ts): IR slot i and vreg v each have a frame word below RBP; every
 * one holds a boxed value (docs/jit-design.md); nothing lives in a register between
 * instructions. Operations are runtime calls through the SDK's gate (runtime-call.ts);
 * operators and Math functions are passed as indices into the fixed tables of
 * jit/runtime/builtins.ts.
 *
 * Fast paths (fast-*.ts, emit-context.ts): the number operators on doubles and int32 values,
 * the comparisons, `br`, `!` on booleans, indexing, `.length`, call targets, `push` and some
 * Math functions are done inline for the operand kinds they know, and make the same runtime
 * call otherwise, out of line (after the function's blocks). A comparison whose only use is
 * the `br` right after it is fused with it (uses.ts). Blocks fall through to the next block
 * instead of jumping to it.
 *
 * Calls between JS functions: the callee value is checked (inline for a function; else by the
 * `callTarget` runtime call, which throws node's TypeError) and gives the function index; the
 * arguments are pushed right to left, the count goes in RCX, the function object in R10, the
 * receiver (`this`: `o` of `o.m()`, the new object of `new`, else undefined) in RDX, and the
 * call goes through the function table in runtime data (`call qword [table + 8*index]`); the
 * callee reads argument i at [rbp + 16 + 8*i], missing arguments are undefined, and keeps R10
 * and RDX in frame slots first thing if it needs them; the result comes back in RAX.
 *
 * Globals: R15 holds the address of the running executor's globals array (set by the engine's
 * executor entry thunk; JIT code never writes R15, and the kernel preserves it across the
 * gate's system calls); global g is the boxed value at [r15 + 8*g], or HOLE while it is in its
 * TDZ or not yet created (an implicit global). `checkGlobal` compares with HOLE inline and
 * only then calls the runtime, which throws node's ReferenceError.
 *
 * No forbidden byte sequence (safe-bytes.ts) comes from the program: every constant goes
 * through movConstant (safe-constants.ts), safe for every value; every other immediate or
 * displacement the program decides (argument counts, frame size, parameter and global
 * indices) is used raw only when it is safe and otherwise through R11 (safe-operands.ts), and
 * frame words sit at safe displacements (frame.ts). Branch displacements are the one thing
 * left: 0x050F or 0x340F as one would hold a SYSCALL or SYSENTER encoding, so the code is
 * checked as the SDK checks it when sealing, and lowered again with another layout (padding
 * that shifts the displacements) until it is clean.
 */
import type { AnyInst, Block, ConstValue, IrFunction, Loc, VReg } from '../ir/ir.js';
import { BINARY_OPS, UNARY_OPS } from '../runtime/builtins.js';
import { FALSE, HOLE, NULL, TRUE, UNDEFINED, boxDouble } from '../runtime/values.js';
import { FUNCTION_INDEX } from '../runtime/functions.js';
import { TAG_ARRAY, TAG_FUNCTION } from '../runtime/values.js';
import { Assembler, eax, qword, rax, rbp, rcx, rdx, rsp, r10, r11, r15, type Label, type Mem } from '../x64/index.js';
import { emitPrologue, frameBytes, frameWord } from './frame.js';
import { JitError } from '../errors.js';
import { jumpTo, withSlowPath, type BranchTargets } from './emit-context.js';
import { fastArithmetic, fastUnaryNumber } from './fast-arith.js';
import { fastBuiltin } from './fast-builtins.js';
import { fastBranch, fastCompare, fastNot, isFastComparison } from './fast-compare.js';
import { fastCallTarget, fastGetIndex, fastLength, fastSetIndex } from './fast-objects.js';
import { IC_WORD_SKEW, icGetProp, icSetProp } from './fast-props.js';
import { CHECK_KINDS, RuntimeCalls, type GateFunction, type LowerEnv, type RtArg } from './runtime-call.js';
import { isSafeSnippet } from './safe-bytes.js';
import { movConstant } from './safe-constants.js';
import { safeImmOp, safeQword } from './safe-operands.js';
import { useCounts } from './uses.js';
import { siteId, type Lowered, type PendingSite, type Site } from './sites.js';
import { lowerFunctionOp, type FunctionOpContext } from './lower-functions.js';

export { CHECK_KINDS, GATE_FUNCTIONS, type GateFunction, type LowerEnv } from './runtime-call.js';
export { siteId, siteOf, type ContextSite, type IcSite, type LiteralSite, type Lowered, type Site } from './sites.js';

/** Layouts lowerFunction tries, in order, until the code is clean (file comment). */
const LAYOUTS = 16;
/** INT3: the padding before out-of-line code, never executed (the code before it always jumps away). */
const INT3 = 0xcc;

/** Lowers one function to machine code (position independent). */
export function lowerFunction(f: IrFunction, env: LowerEnv, index = -1): Uint8Array {
  return lowerFunctionWithSites(f, env, index).code;
}

/**
 * Lowers function `index` (-1 for the script) to machine code and the table of its sites: the
 * runtime calls that name a site (property ICs, object literals) pass `siteId(index, k)`.
 */
export function lowerFunctionWithSites(f: IrFunction, env: LowerEnv, index = -1): Lowered {
  for (let layout = 0; layout < LAYOUTS; layout++) {
    const lowered = new Lowering(f, env, layout, index).lowered();
    if (isSafeSnippet(lowered.code)) return lowered;
  }
  throw new JitError('INVARIANT', `no layout of ${f.name} is free of forbidden byte sequences`, { name: f.name });
}

/**
 * `f` lowered with layout `layout`, clean or not (lowerFunction checks). Layout 0 has no
 * padding; layout n puts 0-3 bytes (a fixed hash of n and the position) before each block
 * (NOPs, run on fall-through) and each piece of out-of-line code (INT3), which changes the
 * displacement of every branch between two of them: block to block, to and from the
 * out-of-line code, and within it.
 */
export function lowerWithLayout(f: IrFunction, env: LowerEnv, layout: number): Uint8Array {
  return new Lowering(f, env, layout, -1).lowered().code;
}

/** Padding bytes (0-3) before the `k`th block or out-of-line piece in layout `layout`. */
function padding(layout: number, k: number): number {
  if (layout === 0) return 0;
  let h = Math.imul(layout, 0x9e3779b1) ^ k; // then MurmurHash3's 32-bit finalizer
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) & 3;
}

class Lowering implements FunctionOpContext {
  readonly a = new Assembler();
  /** The label of each block, by block id. */
  private readonly labels: Label[];
  /** How many times each vreg is read (uses.ts). */
  private readonly uses: Uint32Array;
  /** Out-of-line code still to emit after the blocks, in order. */
  private readonly coldQueue: Array<() => void> = [];
  /** Out-of-line pieces emitted so far. */
  private coldDone = 0;
  /** The runtime calls (every slow path). */
  private readonly calls: RuntimeCalls;
  /** The block being lowered. */
  private current: Block | undefined;
  /** Blocks some block has as its handler: each starts by resetting RSP (pushes in flight are dropped). */
  private readonly handlerBlocks = new Set<number>();
  /** The out-of-line exit that returns THROWN to the caller (made on first use). */
  private propagate: Label | undefined;
  /** Sites so far; a property IC's word offset is known once the code is laid out. */
  private readonly sites: Array<{ readonly site: PendingSite; readonly label?: Label }> = [];

  constructor(private readonly f: IrFunction, readonly env: LowerEnv, private readonly layout: number,
    private readonly index: number) {
    this.labels = f.blocks.map(() => this.a.newLabel());
    this.uses = useCounts(f);
    this.calls = new RuntimeCalls(this.a, env, (v) => this.vreg(v), () => this.handler());
    for (const b of f.blocks) if (b.handler !== undefined) this.handlerBlocks.add(b.handler);
  }

  /**
   * Where an exception from the instruction being lowered goes: its block's handler, else out
   * of the function (RAX = THROWN: the caller's check takes it from there).
   */
  private handler(): Label {
    const h = this.current?.handler;
    if (h !== undefined) return this.label(h);
    this.propagate ??= this.cold(() => this.a.mov(rsp, rbp).pop(rbp).ret());
    return this.propagate;
  }

  slot(i: number): Mem {
    return frameWord(i);
  }

  /** Global `g`'s QWORD (may emit the load of R11 first: use it right away). */
  private global(g: number): Mem {
    return safeQword(this.a, r15, 8 * g);
  }

  vreg(v: VReg): Mem {
    return frameWord(this.f.slotCount + v);
  }

  cold(body: () => void): Label {
    const l = this.a.newLabel();
    const pad = padding(this.layout, this.f.blocks.length + this.coldQueue.length + this.coldDone);
    const block = this.current; // the slow path's exceptions go where its instruction's do
    this.coldQueue.push(() => {
      if (pad > 0) this.a.data(new Uint8Array(pad).fill(INT3));
      this.a.bind(l);
      this.current = block;
      body();
    });
    return l;
  }

  lowered(): Lowered {
    const code = this.run();
    const sites = this.sites.map(({ site, label }): Site =>
      (site.kind === 'literal' || site.kind === 'context' || label === undefined ? site as Site
        : { ...site, wordOffset: this.a.offsetOf(label) + IC_WORD_SKEW }));
    return { code, sites };
  }

  /** A new site; returns its id for the runtime call. */
  site(site: PendingSite, label?: Label): bigint {
    this.sites.push(label === undefined ? { site } : { site, label });
    return siteId(this.index, this.sites.length - 1);
  }

  private run(): Uint8Array {
    const a = this.a;
    const f = this.f;
    emitPrologue(a, f);
    if (f.entry !== 0) a.jmp(this.label(f.entry));
    f.blocks.forEach((b, k) => {
      a.nops(padding(this.layout, k));
      a.bind(this.label(b.id));
      if (this.handlerBlocks.has(b.id)) {
        a.mov(rsp, rbp);
        const bytes = frameBytes(f.slotCount + f.vregCount);
        if (bytes > 0) safeImmOp(a, 'sub', rsp, bytes);
      }
      this.current = b;
      this.block(b, this.labels[k + 1]);
    });
    for (let body = this.coldQueue.shift(); body !== undefined; body = this.coldQueue.shift()) {
      this.coldDone++;
      body();
    }
    return a.finish();
  }

  /** Lowers a block; `next` is the label bound right after it (undefined for the last block). */
  private block(b: Block, next: Label | undefined): void {
    for (let k = 0; k < b.insts.length; k++) {
      const i = b.insts[k] as AnyInst;
      const after = b.insts[k + 1];
      if (i.op === 'binary' && after?.op === 'br' && after.cond === i.dst && this.uses[i.dst] === 1
        && isFastComparison(i.operator)) {
        const use = { kind: 'branch', targets: this.targets(after, next) } as const;
        fastCompare(this, i.operator, i.left, i.right, use, () => this.binarySlow(i));
        k++;
      } else {
        this.inst(i, next);
      }
    }
  }

  private targets(br: { readonly then: number; readonly else: number }, next: Label | undefined): BranchTargets {
    return { then: this.label(br.then), else: this.label(br.else), next };
  }

  private label(id: number): Label {
    const l = this.labels[id];
    if (l === undefined) throw new JitError('INVARIANT', `block ${id} does not exist`, {});
    return l;
  }

  private constant(v: ConstValue): bigint {
    if (typeof v === 'number') return boxDouble(v);
    if (typeof v === 'string') return this.env.stringConstant(v);
    if (typeof v === 'boolean') return v ? TRUE : FALSE;
    return v === null ? NULL : UNDEFINED;
  }

  /** A source text for a runtime call's message: a string constant, or undefined when unknown. */
  text(t: string | null): bigint {
    return t === null ? UNDEFINED : this.env.stringConstant(t);
  }

  /** A runtime call; the result (RAX) is stored in `dst` when given. */
  rt(name: GateFunction, args: readonly RtArg[], dst?: VReg): void {
    this.calls.call(name, args, dst);
  }


  /** `dst` = whether the tag of `src` compares with `tag` by `cc`: FALSE, or TRUE (= FALSE + 1) by a CMOV. */
  private tagTest(dst: VReg, src: VReg, tag: number, cc: 'e' | 'ae'): void {
    const a = this.a;
    movConstant(a, rdx, FALSE);
    a.lea(rcx, qword({ base: rdx, disp: 1 }));
    a.mov(rax, this.vreg(src)).shr(rax, 48).cmp(eax, tag).cmovcc(cc, rdx, rcx).mov(this.vreg(dst), rdx);
  }


  private binarySlow(i: Extract<AnyInst, { op: 'binary' }>): void {
    this.rt('binary', [{ imm: BigInt(BINARY_OPS.indexOf(i.operator)) }, { vreg: i.left }, { vreg: i.right }], i.dst);
  }

  private inst(i: AnyInst, next: Label | undefined): void {
    const a = this.a;
    if (lowerFunctionOp(this, i)) return;
    switch (i.op) {
      case 'const':
        movConstant(a, rax, this.constant(i.value));
        a.mov(this.vreg(i.dst), rax);
        return;
      case 'func': // the executor's own function object, after its globals (executor-state.ts)
        a.mov(rax, safeQword(a, r15, 8 * (this.env.globalCount + i.index)));
        a.mov(this.vreg(i.dst), rax);
        return;
      case 'copy':
        a.mov(rax, this.vreg(i.src)).mov(this.vreg(i.dst), rax);
        return;
      case 'loadLocal':
        a.mov(rax, this.slot(i.slot)).mov(this.vreg(i.dst), rax);
        return;
      case 'storeLocal':
        a.mov(rax, this.vreg(i.src)).mov(this.slot(i.slot), rax);
        return;
      case 'checkGlobal': {
        const ok = a.newLabel();
        movConstant(a, rax, HOLE);
        a.cmp(this.global(i.global), rax).jcc('ne', ok);
        this.rt('checkGlobal', [{ imm: BigInt(i.global) }, { imm: BigInt(CHECK_KINDS.indexOf(i.check)) }]);
        a.bind(ok);
        return;
      }
      case 'loadGlobal':
        a.mov(rax, this.global(i.global)).mov(this.vreg(i.dst), rax);
        return;
      case 'storeGlobal':
        a.mov(rax, this.vreg(i.src)).mov(this.global(i.global), rax);
        return;
      case 'binary': {
        const slow = (): void => this.binarySlow(i);
        const use = { kind: 'value', dst: i.dst } as const;
        if (fastCompare(this, i.operator, i.left, i.right, use, slow)) return;
        if (!fastArithmetic(this, i.operator, i, slow)) slow();
        return;
      }
      case 'unary': {
        const op = BigInt(UNARY_OPS.indexOf(i.operator));
        const slow = (): void => this.rt('unary', [{ imm: op }, { vreg: i.src }], i.dst);
        if (i.operator === '!') withSlowPath(this, slow, (toSlow) => fastNot(this, i.dst, i.src, toSlow));
        else if (!fastUnaryNumber(this, i.operator, i.dst, i.src, slow)) slow();
        return;
      }
      case 'call': {
        fastCallTarget(this, i.callee, () => this.rt('callTarget', [{ vreg: i.callee }, { imm: this.text(i.calleeName) }]));
        // RAX = the function object: R10 carries it to the callee, RAX its function index.
        a.mov(r10, rax).mov(rax, qword({ base: rax, disp: FUNCTION_INDEX }));
        const bytes = this.calls.pushValues(i.args);
        movConstant(a, r11, BigInt(this.env.functionTable));
        movConstant(a, rcx, BigInt(i.args.length));
        if (i.thisArg === null) movConstant(a, rdx, UNDEFINED);
        else a.mov(rdx, this.vreg(i.thisArg));
        a.call(qword({ base: r11, index: rax, scale: 8 }));
        this.calls.pop(bytes);
        this.calls.checkThrown();
        a.mov(this.vreg(i.dst), rax);
        return;
      }
      case 'callBuiltin': {
        const slow = (): void => this.calls.builtin(i.builtin, i.args, i.dst);
        if (!fastBuiltin(this, i.builtin, i.args, i.dst, slow)) slow();
        return;
      }
      case 'array':
        this.calls.variadic('arrayLit', [], i.elements, i.dst);
        return;
      case 'getIndex':
        fastGetIndex(this, i.dst, i.object, i.index,
          () => this.rt('getIndex', [{ vreg: i.object }, { vreg: i.index }], i.dst));
        return;
      case 'setIndex':
        fastSetIndex(this, i.object, i.index, i.src,
          () => this.rt('setIndex', [{ vreg: i.object }, { vreg: i.index }, { vreg: i.src }]));
        return;
      case 'length':
        fastLength(this, i.dst, i.object, () => this.rt('length', [{ vreg: i.object }], i.dst));
        return;
      case 'object': {
        const id = this.site({ kind: 'literal', names: i.names });
        this.calls.variadic('objectLit', [{ imm: id }], i.values, i.dst);
        return;
      }
      case 'getProp': {
        const label = a.newLabel();
        const id = this.site({ kind: 'get', name: i.name, loc: i.loc }, label);
        icGetProp(this, i.dst, i.object, label, () => this.rt('getProp', [{ vreg: i.object }, { imm: id }], i.dst));
        return;
      }
      case 'setProp': {
        const label = a.newLabel();
        const id = this.site({ kind: 'set', name: i.name, loc: i.loc }, label);
        icSetProp(this, i.object, i.src, label, () => this.rt('setProp', [{ vreg: i.object }, { vreg: i.src }, { imm: id }]));
        return;
      }
      case 'delete':
        this.rt('deleteIndex', [{ vreg: i.object }, { vreg: i.index }], i.dst);
        return;
      case 'isArray': // the tag alone decides
        this.tagTest(i.dst, i.src, TAG_ARRAY, 'e');
        return;
      case 'isFunction':
        this.tagTest(i.dst, i.src, TAG_FUNCTION, 'e');
        return;
      case 'isObject': // a function's or an object's tag (the top two)
        this.tagTest(i.dst, i.src, TAG_FUNCTION, 'ae');
        return;
      case 'checkMethod':
        this.rt('checkMethod', [{ vreg: i.object }, { imm: this.env.stringConstant(i.name) }]);
        return;
      case 'callMethod':
        this.calls.variadic('callMethod', [{ vreg: i.object }, { imm: this.env.stringConstant(i.name) }], i.args, i.dst);
        return;
      case 'br':
        fastBranch(this, i.cond, this.targets(i, next), () => this.rt('truthy', [{ vreg: i.cond }]));
        return;
      case 'jump':
        jumpTo(a, this.label(i.target), next);
        return;
      case 'return':
        a.mov(rax, this.vreg(i.value)).mov(rsp, rbp).pop(rbp).ret();
        return;
      case 'throw': // always THROWN: the check after the call goes to the handler
        this.rt('throw', [{ vreg: i.value }, { imm: i.rethrow === true ? 0n : BigInt(i.loc.line * 2 ** 20 + Math.min(i.loc.column, 0xfffff)) }]);
        a.jmp(this.handler());
        return;
      case 'catch':
        this.rt('takeException', [], i.dst);
        return;
    }
  }
}
