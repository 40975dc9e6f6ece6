/** Test helper: one function object per (heap, function index), as an executor has for each top-level function. */
import { allocFunction } from '../../../jit/runtime/functions.js';
import type { GuestHeap } from '../../../jit/runtime/heap.js';

const made = new WeakMap<GuestHeap, Map<number, bigint>>();

/** The box of function `index`'s object in `heap` (allocated on first use, then the same box). */
export function functionBox(heap: GuestHeap, index: number): bigint {
  let byIndex = made.get(heap);
  if (byIndex === undefined) made.set(heap, (byIndex = new Map()));
  let box = byIndex.get(index);
  if (box === undefined) byIndex.set(index, (box = allocFunction(heap, index, 0)));
  return box;
}
