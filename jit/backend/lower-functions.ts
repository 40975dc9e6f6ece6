/**
 * The lowering of what functions need beyond plain operations (lower.ts delegates here): the
 * receiver (`saveThis`, `this`), `new` (`newObject`, `constructResult`), function objects
 * (`closure`, `self`) and contexts of captured variables (`saveClosure`, `newContext`,
 * `loadContext`, `storeContext`, with their TDZ checks). docs/jit-design.md, "Functions and
 * closures" and "Prototypes, this and new".
 */
import type { AnyInst, VReg } from '../ir/ir.js';
import { CONTEXT_PARENT, CONTEXT_WORDS, FUNCTION_CONTEXT } from '../runtime/functions.js';
import { HOLE, TAG_ARRAY, boxFunction } from '../runtime/values.js';
import { ecx, qword, rax, rcx, rdx, rsi, r10, r11, type Mem } from '../x64/index.js';
import type { EmitContext } from './emit-context.js';
import type { GateFunction, LowerEnv, RtArg } from './runtime-call.js';
import { isSafeSnippet } from './safe-bytes.js';
import { movConstant } from './safe-constants.js';
import type { PendingSite } from './sites.js';

/** The tag bits of a function box (its payload is the function object's address). */
const FUNCTION_TAG = boxFunction(0);

/** What these lowerings need of the function's lowering. */
export interface FunctionOpContext extends EmitContext {
  readonly env: LowerEnv;
  /** The QWORD of IR slot `i`. */
  slot(i: number): Mem;
  /** A runtime call; the result (RAX) is stored in `dst` when given. */
  rt(name: GateFunction, args: readonly RtArg[], dst?: VReg): void;
  /** A source text for a runtime call's message: a string constant, or undefined when unknown. */
  text(t: string | null): bigint;
  /** A new site; returns its id for the runtime call. */
  site(site: PendingSite): bigint;
}

/** Lowers `i` if it is one of this file's instructions; false otherwise. */
export function lowerFunctionOp(ctx: FunctionOpContext, i: AnyInst): boolean {
  const a = ctx.a;
  switch (i.op) {
    case 'newObject':
      ctx.rt('newObject', [{ vreg: i.callee }, { imm: ctx.text(i.calleeName) }], i.dst);
      return true;
    case 'constructResult': { // the result if its tag is an array's, a function's or an object's (the top three), else the new object
      const keep = a.newLabel();
      a.mov(rax, ctx.vreg(i.result)).mov(rcx, rax).shr(rcx, 48).cmp(ecx, TAG_ARRAY).jcc('ae', keep);
      a.mov(rax, ctx.vreg(i.object));
      a.bind(keep);
      a.mov(ctx.vreg(i.dst), rax);
      return true;
    }
    case 'saveThis': // RDX still holds the receiver the caller passed (the entry block starts with this)
      a.mov(ctx.slot(i.slot), rdx);
      return true;
    case 'this': { // an array's, a function's or an object's tag (the top three); else sloppy mode's global or wrapper: refused
      const ok = a.newLabel();
      a.mov(rax, ctx.slot(i.slot)).mov(rcx, rax).shr(rcx, 48).cmp(ecx, TAG_ARRAY).jcc('ae', ok);
      ctx.rt('thisGlobal', []); // never returns
      a.bind(ok);
      a.mov(ctx.vreg(i.dst), rax);
      return true;
    }
    case 'closure':
      if (i.context !== null) a.mov(rsi, ctx.slot(i.context));
      ctx.rt('makeClosure', [{ imm: BigInt(i.index) }, i.context === null ? { imm: 0n } : { reg: rsi }], i.dst);
      return true;
    case 'self': // R10 still holds the function object the caller passed (the entry block starts with this)
      movConstant(a, rcx, FUNCTION_TAG);
      a.or(rcx, r10).mov(ctx.vreg(i.dst), rcx);
      return true;
    case 'saveClosure':
      a.mov(rax, qword({ base: r10, disp: FUNCTION_CONTEXT })).mov(ctx.slot(i.slot), rax);
      return true;
    case 'newContext': {
      const id = ctx.site({ kind: 'context', holes: i.holes });
      if (i.parent !== null) a.mov(rsi, ctx.slot(i.parent));
      ctx.rt('newContext', [{ imm: id }, i.parent === null ? { imm: 0n } : { reg: rsi }]);
      a.mov(ctx.slot(i.slot), rax);
      return true;
    }
    case 'loadContext': {
      const word = contextWord(ctx, i.slot, i.hops, i.index);
      a.mov(rax, word);
      if (i.check) tdzCheck(ctx, i.name);
      a.mov(ctx.vreg(i.dst), rax);
      return true;
    }
    case 'storeContext': {
      if (i.check) {
        a.mov(rax, contextWord(ctx, i.slot, i.hops, i.index));
        tdzCheck(ctx, i.name);
      }
      const word = contextWord(ctx, i.slot, i.hops, i.index);
      a.mov(rcx, ctx.vreg(i.src)).mov(word, rcx);
      return true;
    }
    default: return false;
  }
}

/** RDX = the context `hops` parents up from frame slot `slot`; returns word `index` of it (R11 may be loaded). */
function contextWord(ctx: FunctionOpContext, slot: number, hops: number, index: number): Mem {
  const a = ctx.a;
  a.mov(rdx, ctx.slot(slot));
  for (let h = 0; h < hops; h++) a.mov(rdx, qword({ base: rdx, disp: CONTEXT_PARENT }));
  const disp = CONTEXT_WORDS + 8 * index;
  if (isSafeSnippet(new Uint8Array(new Int32Array([disp]).buffer))) return qword({ base: rdx, disp });
  movConstant(a, r11, BigInt(disp));
  return qword({ base: rdx, index: r11 });
}

/** RAX holds a let/const's value: node's ReferenceError when it is HOLE (in its TDZ). */
function tdzCheck(ctx: FunctionOpContext, name: string): void {
  const a = ctx.a;
  const ok = a.newLabel();
  movConstant(a, rcx, HOLE);
  a.cmp(rax, rcx).jcc('ne', ok);
  ctx.rt('tdzError', [{ imm: ctx.env.stringConstant(name) }]);
  a.bind(ok);
}
