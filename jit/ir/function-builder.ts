/**
 * Mutable construction state of one IrFunction: blocks under construction, the current
 * insertion block, vreg numbering. Code after a terminator (after `break`, `return`) goes to a
 * fresh block with no predecessors; `finish` drops unreachable blocks and renumbers the rest
 * in the order code started going into them (source order), so listings read top-down and
 * never show dead code.
 */

import { assert } from '../errors.js';
import {
  isTerminator, type AnyInst, type Block, type BlockId, type Inst, type IrFunction, type Loc, type Terminator, type VReg,
} from './ir.js';

/** Distributes `Omit` over a union, so each instruction form keeps its own fields. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An instruction without its location (the builder adds the current one). */
export type InstBody = DistributiveOmit<Inst, 'loc'>;
/** A terminator without its location. */
export type TerminatorBody = DistributiveOmit<Terminator, 'loc'>;

interface OpenBlock {
  readonly id: BlockId;
  readonly name: string;
  readonly insts: AnyInst[];
  /** The handler in force when code started going into it (Block.handler). */
  handler?: BlockId;
}

/** Builds one IrFunction; `emit` appends to the current block. */
export class FunctionBuilder {
  /** Every block created so far, indexed by id. */
  private readonly blocks: OpenBlock[] = [];
  /** The block instructions go to; undefined after a terminator until `setBlock`. */
  private current: OpenBlock | undefined;
  /** Block ids in the order code started going into them: the listing order (source order). */
  private readonly order: BlockId[] = [];
  /** Next vreg number. */
  private vregs = 0;
  /** The location instructions get (set by the lowering before each construct). */
  loc: Loc = { line: 1, column: 1 };
  /**
   * The handler blocks started from now on get (a try's catch or finally; undefined: none).
   * Change it only between blocks: the lowering of a try jumps to a new block after it.
   */
  handler: BlockId | undefined;

  constructor(
    /** The function's name. */
    private readonly name: string,
    /** Parameter count. */
    private readonly params: number,
    /** Slot names, indexed by slot. */
    private readonly slotNames: readonly string[],
  ) {
    this.setBlock(this.newBlock('entry'));
  }

  /** A new vreg. */
  vreg(): VReg {
    return this.vregs++ as VReg;
  }

  /** A new, empty block (not yet current). */
  newBlock(name: string): BlockId {
    const block: OpenBlock = { id: this.blocks.length as BlockId, name, insts: [] };
    this.blocks.push(block);
    return block.id;
  }

  /** Makes `id` the insertion block; it must be empty. */
  setBlock(id: BlockId): void {
    const block = this.blocks[id];
    assert(block !== undefined && block.insts.length === 0 && !this.order.includes(id), `setBlock(b${id}): not a new block`);
    this.order.push(id);
    if (this.handler !== undefined) block.handler = this.handler;
    this.current = block;
  }

  /** Appends an instruction at the current location. */
  emit(inst: InstBody): void {
    this.open().insts.push({ ...inst, loc: this.loc } as Inst);
  }

  /** Emits `inst` with a fresh `dst` and returns it. */
  value(make: (dst: VReg) => InstBody): VReg {
    const dst = this.vreg();
    this.emit(make(dst));
    return dst;
  }

  /** Ends the current block with `term`; later code goes to a fresh unreachable block. */
  terminate(term: TerminatorBody): void {
    this.open().insts.push({ ...term, loc: this.loc } as Terminator);
    this.current = undefined;
  }

  /** Ends the current block with a jump to `target` and continues in `target`. */
  jumpTo(target: BlockId): void {
    this.terminate({ op: 'jump', target });
    this.setBlock(target);
  }

  /** The finished function: open blocks return undefined, unreachable blocks are dropped. */
  finish(): IrFunction {
    if (this.current !== undefined) {
      const undef = this.value((dst) => ({ op: 'const', dst, value: undefined }));
      this.terminate({ op: 'return', value: undef });
    }
    const reachable = this.reachable();
    const renumber = new Map<number, BlockId>();
    const kept = this.order.filter((id) => reachable.has(id)).map((id) => this.blocks[id]).filter((b) => b !== undefined);
    for (const b of kept) renumber.set(b.id, renumber.size as BlockId);
    assert(kept.length === reachable.size, `${this.name}: a reachable block was never filled`);
    const blocks: Block[] = kept.map((b) => {
      const block = { id: mapped(renumber, b.id), name: b.name, insts: b.insts.map((i) => retarget(i, renumber)) };
      return b.handler === undefined ? block : { ...block, handler: mapped(renumber, b.handler) };
    });
    return {
      name: this.name, params: this.params, slotCount: this.slotNames.length, slotNames: this.slotNames,
      vregCount: this.vregs, blocks, entry: 0 as BlockId,
    };
  }

  private open(): OpenBlock {
    if (this.current === undefined) this.setBlock(this.newBlock('dead'));
    assert(this.current !== undefined, 'no insertion block');
    return this.current;
  }

  /** Block ids reachable from the entry (block 0). */
  private reachable(): Set<number> {
    const seen = new Set<number>([0]);
    const work = [0];
    for (let id = work.pop(); id !== undefined; id = work.pop()) {
      const last = this.blocks[id]?.insts.at(-1);
      assert(last !== undefined && isTerminator(last), `block b${id} of ${this.name} has no terminator`);
      const handler = this.blocks[id]?.handler;
      for (const t of handler === undefined ? targets(last) : [...targets(last), handler]) if (!seen.has(t)) { seen.add(t); work.push(t); }
    }
    return seen;
  }
}

/** The blocks a terminator can transfer control to. */
export function targets(t: Terminator): BlockId[] {
  switch (t.op) {
    case 'br': return [t.then, t.else];
    case 'jump': return [t.target];
    case 'return': case 'throw': return [];
  }
}

function mapped(renumber: ReadonlyMap<number, BlockId>, id: number): BlockId {
  const to = renumber.get(id);
  assert(to !== undefined, `branch to unreachable block b${id}`);
  return to;
}

function retarget(i: AnyInst, renumber: ReadonlyMap<number, BlockId>): AnyInst {
  if (i.op === 'br') return { ...i, then: mapped(renumber, i.then), else: mapped(renumber, i.else) };
  if (i.op === 'jump') return { ...i, target: mapped(renumber, i.target) };
  return i;
}
