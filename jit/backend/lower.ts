/**
 * The first, simplest back end: each IrFunction becomes one x86-64 function (jit/x64).
 *
 * Frame (rbp frame): slot i of the IR at [rbp - 8*(i+1)], vreg v at [rbp - 8*(slotCount+v+1)];
 * every one holds a boxed value (docs/jit-design.md). Every operation is a runtime call
 * through the SDK's gate (`call qword [stub table + 8*n]`, arguments in RDI, RSI, RDX, R10,
 * R8, R9, result in RAX); operators and Math functions are passed as indices into the fixed
 * tables of jit/runtime/builtins.ts. Variadic runtime calls (log, push, Math functions, array
 * literals) get the address of their arguments, pushed on the guest stack, and their count.
 *
 * Calls between JS functions: the callee value is checked by the `callTarget` runtime call
 * (which returns the function index or throws node's TypeError); the arguments are pushed
 * right to left, the count goes in RCX, and the call goes through the function table in
 * runtime data (`call qword [table + 8*index]`); the callee reads argument i at
 * [rbp + 16 + 8*i], missing arguments are undefined; the result comes back in RAX.
 *
 * Globals: R15 holds the address of the running executor's globals array (set by the engine's
 * executor entry thunk; JIT code never writes R15, and the kernel preserves it across the
 * gate's system calls); global g is the boxed value at [r15 + 8*g], or HOLE while it is in its
 * TDZ or not yet created (an implicit global). `checkGlobal` compares with HOLE inline and
 * only then calls the runtime, which throws node's ReferenceError.
 * Every 64-bit constant goes through movConstant (safe-constants.ts).
 */
import type { AnyInst, ConstValue, IrFunction, VReg } from '../ir/ir.js';
import { BINARY_OPS, MATH_FUNCTION_NAMES, UNARY_OPS } from '../runtime/builtins.js';
import { FALSE, HOLE, NULL, TRUE, UNDEFINED, boxDouble, boxFunction } from '../runtime/values.js';
import { Assembler, qword, rax, rbp, rcx, rdi, rdx, rsi, rsp, r8, r9, r10, r11, r15, type Gpr64, type Label } from '../x64/index.js';
import { JitError } from '../errors.js';
import { movConstant } from './safe-constants.js';

/** The runtime functions the generated code calls, by name (the engine defines them in this order). */
export const GATE_FUNCTIONS = [
  'binary', 'unary', 'truthy', 'getIndex', 'setIndex', 'length', 'arrayNew', 'arrayLit', 'push', 'pop',
  'mathCall', 'log', 'checkGlobal', 'callTarget',
] as const;
/** A runtime function of the generated code. */
export type GateFunction = (typeof GATE_FUNCTIONS)[number];

/** `checkGlobal`'s second argument. */
export const CHECK_KINDS = ['tdz', 'defined'] as const;

/** Where generated code finds things. */
export interface LowerEnv {
  /** Address of the gate's stub table (sdk install()). */
  readonly gateTable: number;
  /** Index of each runtime function in the stub table. */
  readonly gateIndex: ReadonlyMap<string, number>;
  /** Address of the function table (code address of function i at +8*i), in runtime data. */
  readonly functionTable: number;
  /** The boxed value of a string constant (allocated in the guest heap by the caller). */
  readonly stringConstant: (s: string) => bigint;
}

const ARG_REGS: readonly Gpr64[] = [rdi, rsi, rdx, r10, r8, r9];

type RtArg = { readonly vreg: VReg } | { readonly imm: bigint } | { readonly reg: Gpr64 };

/** Lowers one function to machine code (position independent). */
export function lowerFunction(f: IrFunction, env: LowerEnv): Uint8Array {
  return new Lowering(f, env).run();
}

class Lowering {
  private readonly a = new Assembler();
  private readonly labels: Label[];

  constructor(private readonly f: IrFunction, private readonly env: LowerEnv) {
    this.labels = f.blocks.map(() => this.a.newLabel());
  }

  private slot(i: number): ReturnType<typeof qword> {
    return qword({ base: rbp, disp: -8 * (i + 1) });
  }

  private global(g: number): ReturnType<typeof qword> {
    return qword({ base: r15, disp: 8 * g });
  }

  private vreg(v: VReg): ReturnType<typeof qword> {
    return qword({ base: rbp, disp: -8 * (this.f.slotCount + v + 1) });
  }

  run(): Uint8Array {
    const a = this.a;
    const f = this.f;
    let frame = f.slotCount + f.vregCount;
    if (frame % 2 === 1) frame++;
    a.push(rbp).mov(rbp, rsp);
    if (frame > 0) a.sub(rsp, 8 * frame);
    for (let i = 0; i < f.params; i++) {
      const skip = a.newLabel();
      movConstant(a, rax, UNDEFINED);
      a.cmp(rcx, i + 1).jcc('l', skip);
      a.mov(rax, qword({ base: rbp, disp: 16 + 8 * i }));
      a.bind(skip);
      a.mov(this.slot(i), rax);
    }
    if (f.slotCount > f.params) {
      movConstant(a, rax, UNDEFINED);
      for (let i = f.params; i < f.slotCount; i++) a.mov(this.slot(i), rax);
    }
    if (f.entry !== 0) a.jmp(this.label(f.entry));
    for (const b of f.blocks) {
      a.bind(this.label(b.id));
      for (const inst of b.insts) this.inst(inst);
    }
    return a.finish();
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

  /** A runtime call; the result (RAX) is stored in `dst` when given. */
  private rt(name: GateFunction, args: readonly RtArg[], dst?: VReg): void {
    const a = this.a;
    const n = this.env.gateIndex.get(name);
    if (n === undefined) throw new JitError('INVARIANT', `runtime function ${name} is not installed`, {});
    args.forEach((arg, i) => {
      const reg = ARG_REGS[i];
      if (reg === undefined) throw new JitError('INVARIANT', `too many arguments for ${name}`, {});
      if ('vreg' in arg) a.mov(reg, this.vreg(arg.vreg));
      else if ('imm' in arg) movConstant(a, reg, arg.imm);
      else if (arg.reg !== reg) a.mov(reg, arg.reg);
    });
    movConstant(a, r11, BigInt(this.env.gateTable + 8 * n));
    a.call(qword(r11));
    if (dst !== undefined) a.mov(this.vreg(dst), rax);
  }

  /** Pushes `values` right to left (so value i is at [rsp + 8*i]); returns the bytes pushed. */
  private pushValues(values: readonly (VReg | null)[]): number {
    const a = this.a;
    for (let i = values.length - 1; i >= 0; i--) {
      const v = values[i];
      if (v === null || v === undefined) movConstant(a, rdx, HOLE);
      else a.mov(rdx, this.vreg(v));
      a.push(rdx);
    }
    return 8 * values.length;
  }

  private pop(bytes: number): void {
    if (bytes > 0) this.a.add(rsp, bytes);
  }

  private inst(i: AnyInst): void {
    const a = this.a;
    switch (i.op) {
      case 'const':
        movConstant(a, rax, this.constant(i.value));
        a.mov(this.vreg(i.dst), rax);
        return;
      case 'func':
        movConstant(a, rax, boxFunction(i.index));
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
      case 'binary':
        this.rt('binary', [{ imm: BigInt(BINARY_OPS.indexOf(i.operator)) }, { vreg: i.left }, { vreg: i.right }], i.dst);
        return;
      case 'unary':
        this.rt('unary', [{ imm: BigInt(UNARY_OPS.indexOf(i.operator)) }, { vreg: i.src }], i.dst);
        return;
      case 'call': {
        this.rt('callTarget', [{ vreg: i.callee }]);
        const bytes = this.pushValues(i.args);
        movConstant(a, r11, BigInt(this.env.functionTable));
        a.mov(rcx, i.args.length);
        a.call(qword({ base: r11, index: rax, scale: 8 }));
        this.pop(bytes);
        a.mov(this.vreg(i.dst), rax);
        return;
      }
      case 'callBuiltin':
        this.builtin(i.builtin, i.args, i.dst);
        return;
      case 'array': {
        const bytes = this.pushValues(i.elements);
        this.rt('arrayLit', [{ reg: rsp }, { imm: BigInt(i.elements.length) }], i.dst);
        this.pop(bytes);
        return;
      }
      case 'getIndex':
        this.rt('getIndex', [{ vreg: i.object }, { vreg: i.index }], i.dst);
        return;
      case 'setIndex':
        this.rt('setIndex', [{ vreg: i.object }, { vreg: i.index }, { vreg: i.src }]);
        return;
      case 'length':
        this.rt('length', [{ vreg: i.object }], i.dst);
        return;
      case 'br':
        this.rt('truthy', [{ vreg: i.cond }]);
        a.test(rax, rax).jcc('ne', this.label(i.then)).jmp(this.label(i.else));
        return;
      case 'jump':
        a.jmp(this.label(i.target));
        return;
      case 'return':
        a.mov(rax, this.vreg(i.value)).mov(rsp, rbp).pop(rbp).ret();
        return;
    }
  }

  private builtin(name: string, args: readonly VReg[], dst: VReg): void {
    if (name === 'console.log' || name === 'print') {
      const bytes = this.pushValues(args);
      this.rt('log', [{ reg: rsp }, { imm: BigInt(args.length) }], dst);
      this.pop(bytes);
    } else if (name === 'Array') {
      const n = args[0];
      if (args.length !== 1 || n === undefined) {
        const bytes = this.pushValues(args);
        this.rt('arrayLit', [{ reg: rsp }, { imm: BigInt(args.length) }], dst);
        this.pop(bytes);
      } else {
        this.rt('arrayNew', [{ vreg: n }], dst);
      }
    } else if (name === 'push') {
      const [recv, ...rest] = args;
      if (recv === undefined) throw new JitError('INVARIANT', 'push without a receiver', {});
      const bytes = this.pushValues(rest);
      this.rt('push', [{ vreg: recv }, { reg: rsp }, { imm: BigInt(rest.length) }], dst);
      this.pop(bytes);
    } else if (name === 'pop') {
      const recv = args[0];
      if (recv === undefined) throw new JitError('INVARIANT', 'pop without a receiver', {});
      this.rt('pop', [{ vreg: recv }], dst);
    } else if (name.startsWith('Math.')) {
      const idx = MATH_FUNCTION_NAMES.indexOf(name.slice(5));
      if (idx < 0) throw new JitError('INVARIANT', `${name} is not a Math function`, {});
      const bytes = this.pushValues(args);
      this.rt('mathCall', [{ imm: BigInt(idx) }, { reg: rsp }, { imm: BigInt(args.length) }], dst);
      this.pop(bytes);
    } else {
      throw new JitError('INVARIANT', `unknown builtin ${name}`, {});
    }
  }
}
