/**
 * Vreg use counts of a function, for fusing a comparison with the `br` that is its only use
 * (the comparison's boxed answer is then never stored).
 */
import { operandsOf, type IrFunction } from '../ir/ir.js';

export { operandsOf };

/** How many times each vreg is read in `f` (index: the vreg number). */
export function useCounts(f: IrFunction): Uint32Array {
  const counts = new Uint32Array(f.vregCount);
  for (const b of f.blocks) {
    for (const i of b.insts) for (const v of operandsOf(i)) counts[v] = (counts[v] ?? 0) + 1;
  }
  return counts;
}
