/**
 * Runtime calls: how generated code reaches the runtime functions through the SDK's gate
 * (`call qword [stub table + 8*n]`, arguments in RDI, RSI, RDX, R10, R8, R9, result in RAX;
 * the gate's SYSCALL clobbers RAX, RCX and R11). Every slow path of the back end is one of
 * these calls; the fast paths (fast-*.ts) only decide when the call can be skipped. Variadic
 * calls (log, push, Math functions, array literals) get the address of their arguments,
 * pushed on the guest stack, and their count.
 */
import type { VReg } from '../ir/ir.js';
import { JitError } from '../errors.js';
import { MATH_FUNCTION_NAMES } from '../runtime/builtins.js';
import { ERROR_NAMES, HOST_FUNCTIONS } from '../frontend/builtins.js';
import { HOLE, THROWN } from '../runtime/values.js';
import { qword, rax, rcx, rdi, rdx, rsi, rsp, r8, r9, r10, r11, type Assembler, type Gpr64, type Label, type Mem } from '../x64/index.js';
import { movConstant } from './safe-constants.js';
import { safeImmOp } from './safe-operands.js';

/** The runtime functions the generated code calls, by name (the engine defines them in this order). */
export const GATE_FUNCTIONS = [
  'binary', 'unary', 'truthy', 'getIndex', 'setIndex', 'length', 'arrayNew', 'arrayLit', 'push', 'pop',
  'mathCall', 'log', 'checkGlobal', 'callTarget', 'objectLit', 'getProp', 'setProp', 'deleteIndex',
  'makeClosure', 'newContext', 'tdzError', 'forInKeys', 'forInHas', 'iterable', 'objectKeys', 'newObject', 'thisGlobal',
  'throw', 'takeException', 'newError', 'errorInstanceOf', 'checkMethod', 'callMethod', 'hostCall', 'guestHas', 'objectCreate', 'getPrototypeOf',
] as const;

/**
 * Runtime calls that never throw a guest exception (never return THROWN): no check follows
 * them. Every other runtime call, and every JS call, is followed by a compare of RAX with
 * THROWN and a jump to the handler (docs/jit-design.md, "Exceptions").
 */
const NEVER_THROW: ReadonlySet<GateFunction> = new Set<GateFunction>(['makeClosure', 'newContext', 'arrayLit', 'takeException', 'truthy']);
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
  /** Number of globals: an executor's function objects follow its globals (`[r15 + 8*(globalCount + i)]`). */
  readonly globalCount: number;
  /** The boxed value of a string constant (allocated in the guest heap by the caller). */
  readonly stringConstant: (s: string) => bigint;
}

/** One argument of a runtime call: a vreg's boxed value, a constant, or a register. */
export type RtArg = { readonly vreg: VReg } | { readonly imm: bigint } | { readonly reg: Gpr64 };

const ARG_REGS: readonly Gpr64[] = [rdi, rsi, rdx, r10, r8, r9];

/** The runtime calls of one function's code, emitted into `a`. */
export class RuntimeCalls {
  constructor(
    private readonly a: Assembler,
    private readonly env: LowerEnv,
    /** The frame slot of a vreg. */
    private readonly slotOf: (v: VReg) => Mem,
    /** Where an exception goes from the instruction being lowered (its block's handler, or out of the function). */
    private readonly handler: () => Label,
  ) {}

  /** After a call that may throw: to the handler when RAX is THROWN (RCX is clobbered). */
  checkThrown(): void {
    movConstant(this.a, rcx, THROWN);
    this.a.cmp(rax, rcx).jcc('e', this.handler());
  }

  /**
   * The runtime call `name(args)`: the result is left in RAX and stored in `dst` when given;
   * RAX, RCX, R11 and the argument registers used are clobbered.
   */
  call(name: GateFunction, args: readonly RtArg[], dst?: VReg): void {
    const a = this.a;
    const n = this.env.gateIndex.get(name);
    if (n === undefined) throw new JitError('INVARIANT', `runtime function ${name} is not installed`, {});
    args.forEach((arg, i) => {
      const reg = ARG_REGS[i];
      if (reg === undefined) throw new JitError('INVARIANT', `too many arguments for ${name}`, {});
      if ('vreg' in arg) a.mov(reg, this.slotOf(arg.vreg));
      else if ('imm' in arg) movConstant(a, reg, arg.imm);
      else if (arg.reg !== reg) a.mov(reg, arg.reg);
    });
    movConstant(a, r11, BigInt(this.env.gateTable + 8 * n));
    a.call(qword(r11));
    if (!NEVER_THROW.has(name)) this.checkThrown();
    if (dst !== undefined) a.mov(this.slotOf(dst), rax);
  }

  /** Pushes `values` right to left (so value i is at [rsp + 8*i]; null is a hole); returns the bytes pushed. */
  pushValues(values: readonly (VReg | null)[]): number {
    const a = this.a;
    for (let i = values.length - 1; i >= 0; i--) {
      const v = values[i];
      if (v === null || v === undefined) movConstant(a, rdx, HOLE);
      else a.mov(rdx, this.slotOf(v));
      a.push(rdx);
    }
    return 8 * values.length;
  }

  /** Drops `bytes` bytes of pushed values (R11 may be clobbered). */
  pop(bytes: number): void {
    if (bytes > 0) safeImmOp(this.a, 'add', rsp, bytes);
  }

  /** A variadic call: `values` pushed, then `name(...before, address, count)`. */
  variadic(name: GateFunction, before: readonly RtArg[], values: readonly (VReg | null)[], dst: VReg): void {
    const bytes = this.pushValues(values);
    this.call(name, [...before, { reg: rsp }, { imm: BigInt(values.length) }], dst);
    this.pop(bytes);
  }

  /** The call of host builtin `name` (console.log, Array, push, pop, Math functions). */
  builtin(name: string, args: readonly VReg[], dst: VReg): void {
    if (name === 'console.log' || name === 'print') {
      this.variadic('log', [], args, dst);
    } else if (name === 'Array') {
      const n = args[0];
      if (args.length !== 1 || n === undefined) this.variadic('arrayLit', [], args, dst);
      else this.call('arrayNew', [{ vreg: n }], dst);
    } else if (name === 'push') {
      const [recv, ...rest] = args;
      if (recv === undefined) throw new JitError('INVARIANT', 'push without a receiver', {});
      this.variadic('push', [{ vreg: recv }], rest, dst);
    } else if (name === 'pop') {
      const recv = args[0];
      if (recv === undefined) throw new JitError('INVARIANT', 'pop without a receiver', {});
      this.call('pop', [{ vreg: recv }], dst);
    } else if (name === 'Object.keys') {
      this.variadic('objectKeys', [], args, dst);
    } else if (name === 'Object.create' || name === 'Object.getPrototypeOf') {
      this.variadic(name === 'Object.create' ? 'objectCreate' : 'getPrototypeOf', [], args, dst);
    } else if (name === 'forInKeys' || name === 'forInHas' || name === 'iterable' || name === 'guestHas') {
      this.call(name, args.map((vreg) => ({ vreg })), dst);
    } else if (name.startsWith('host ')) {
      const idx = (HOST_FUNCTIONS as readonly string[]).indexOf(name.slice(5));
      if (idx < 0) throw new JitError('INVARIANT', `${name} is not a host function`, {});
      this.variadic('hostCall', [{ imm: BigInt(idx) }], args, dst);
    } else if (name.startsWith('new ')) {
      this.variadic('newError', [{ imm: BigInt(errorIndex(name.slice(4))) }], args, dst);
    } else if (name.startsWith('instanceof ')) {
      const v = args[0];
      if (v === undefined) throw new JitError('INVARIANT', `${name} without an operand`, {});
      this.call('errorInstanceOf', [{ imm: BigInt(errorIndex(name.slice(11))) }, { vreg: v }], dst);
    } else if (name.startsWith('Math.')) {
      const idx = MATH_FUNCTION_NAMES.indexOf(name.slice(5));
      if (idx < 0) throw new JitError('INVARIANT', `${name} is not a Math function`, {});
      this.variadic('mathCall', [{ imm: BigInt(idx) }], args, dst);
    } else {
      throw new JitError('INVARIANT', `unknown builtin ${name}`, {});
    }
  }
}

/** The index of an error constructor's name in ERROR_NAMES (the runtime's table). */
function errorIndex(name: string): number {
  const i = (ERROR_NAMES as readonly string[]).indexOf(name);
  if (i < 0) throw new JitError('INVARIANT', `${name} is not an error constructor`, {});
  return i;
}
