/**
 * A /proc/<pid>/smaps-like report (fs/proc/task_mmu.c show_smap): one block per area with its
 * range, rights, sizes and the `ProtectionKey:` line (printed when OSPKE is enabled).
 */
import { FRAMES_PER_LARGE_PAGE, PAGE_SIZE } from '../phys-mem.js';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from './constants.js';
import type { Mm } from './mm.js';

const kb = (label: string, n: number): string => `${(label + ':').padEnd(16)}${String(n).padStart(8)} kB`;

/** The smaps text of an address space. */
export function smapsText(mm: Mm, pkeysEnabled: boolean): string {
  const out: string[] = [];
  for (const v of mm.vmas.all) {
    let rss = 0;
    mm.pageTable.forEachLeaf(v.start, v.end, (_va, leaf) => { rss += leaf.large ? FRAMES_PER_LARGE_PAGE : 1; });
    const perms = (v.prot & PROT_READ ? 'r' : '-') + (v.prot & PROT_WRITE ? 'w' : '-') +
      (v.prot & PROT_EXEC ? 'x' : '-') + (v.shared ? 's' : 'p');
    const head = `${v.start.toString(16).padStart(8, '0')}-${v.end.toString(16).padStart(8, '0')} ${perms} 00000000 00:00 0`;
    out.push(v.name === '' ? head : `${head.padEnd(73)}${v.name}`);
    out.push(kb('Size', (v.end - v.start) / 1024));
    out.push(kb('KernelPageSize', v.hugetlb ? 2048 : 4));
    out.push(kb('MMUPageSize', v.hugetlb ? 2048 : 4));
    out.push(kb('Rss', (rss * PAGE_SIZE) / 1024));
    out.push(kb('Anonymous', (rss * PAGE_SIZE) / 1024));
    if (pkeysEnabled) out.push(`ProtectionKey:  ${String(v.pkey).padStart(8)}`);
  }
  return out.join('\n') + (out.length > 0 ? '\n' : '');
}
