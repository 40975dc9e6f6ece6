/**
 * A fuzzing campaign: programs from the generators, each run by node (the oracle) and by
 * pkjit at the same time, compared by the rules of compare.ts, tallied, and saved when they
 * mismatch. Several programs are in flight at once; results arrive in any order.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compare, groupKey, isDocumentedStop } from './compare.js';
import { saveFailure, type ProgramResult } from './failures.js';
import { generate, type FuzzProgram } from './generate.js';
import type { NodeOracle } from './oracle.js';
import type { JitRunner } from './pkjit.js';
import { programSeed } from './rng.js';

/** How a campaign runs. */
export interface CampaignOptions {
  /** Number of programs. */
  readonly count: number;
  /** The campaign's seed: program i is made from programSeed(seed, i). */
  readonly seed: number;
  /** Scratch directory for the program files (created; emptied of each file after use). */
  readonly workDir: string;
  readonly oracle: NodeOracle;
  readonly runner: JitRunner;
  /** Most programs in flight at once. */
  readonly inFlight: number;
  /** Where mismatching programs are saved (not saved when absent). */
  readonly outDir?: string;
  /** The program for index i (default: generate(programSeed(seed, i))). */
  readonly program?: (index: number) => FuzzProgram;
  /** Called after each program, with the tally so far. */
  readonly onResult?: (r: ProgramResult, s: Summary) => void;
}

/** A group of mismatches with the same category and detail. */
export interface MismatchGroup {
  count: number;
  /** The first program (by completion) in the group: its file name and text. */
  readonly example: string;
  readonly exampleSource: string;
  /** A stop docs/js-subset.md lists as designed (still a mismatch of the rule). */
  readonly documented: boolean;
}

/** The tally of a campaign. */
export interface Summary {
  programs: number;
  same: number;
  refused: number;
  stopped: number;
  budget: number;
  /** pkjit's guest heap or stack was full where node ran on (allowed with exit 3). */
  machine: number;
  /** node killed at the time or output limit (pkjit agreed as far as node got). */
  limit: number;
  mismatches: number;
  /** Refusal message (without location) -> count. */
  readonly refusedBy: Map<string, number>;
  /** groupKey -> group. */
  readonly groups: Map<string, MismatchGroup>;
  /** Saved mismatch files. */
  readonly saved: string[];
}

/** A fresh, empty tally. */
export function emptySummary(): Summary {
  return { programs: 0, same: 0, refused: 0, stopped: 0, budget: 0, machine: 0, limit: 0, mismatches: 0, refusedBy: new Map(), groups: new Map(), saved: [] };
}

/** Both outcomes for `source` (written to `workDir/file` while node runs it) and the verdict. */
export async function judge(source: string, file: string, workDir: string, oracle: NodeOracle, runner: JitRunner): Promise<Pick<ProgramResult, 'node' | 'jit' | 'verdict'>> {
  const path = join(workDir, file);
  writeFileSync(path, source);
  try {
    const [node, jit] = await Promise.all([oracle.run(path), runner.run(source, file)]);
    return { node, jit, verdict: compare(file, node, jit) };
  } finally {
    rmSync(path, { force: true });
  }
}

/** Runs program `index` under both and compares. */
async function runOne(index: number, opts: CampaignOptions): Promise<ProgramResult> {
  const program = opts.program?.(index) ?? generate(programSeed(opts.seed, index));
  const file = `p${String(index).padStart(6, '0')}.js`;
  return { index, program, file, ...(await judge(program.source, file, opts.workDir, opts.oracle, opts.runner)) };
}

/** Adds `r` to `s` (and saves it when it mismatches and opts.outDir is set). */
function tally(s: Summary, r: ProgramResult, outDir: string | undefined): void {
  s.programs++;
  const v = r.verdict;
  switch (v.kind) {
    case 'same': s.same++; break;
    case 'stopped': s.stopped++; break;
    case 'budget': s.budget++; break;
    case 'machine': s.machine++; break;
    case 'limit': s.limit++; break;
    case 'refused': s.refused++; s.refusedBy.set(v.message, (s.refusedBy.get(v.message) ?? 0) + 1); break;
    case 'mismatch': {
      s.mismatches++;
      const key = groupKey(v);
      const g = s.groups.get(key);
      if (g === undefined) s.groups.set(key, { count: 1, example: r.file, exampleSource: r.program.source, documented: isDocumentedStop(v) });
      else g.count++;
      if (outDir !== undefined) s.saved.push(saveFailure(outDir, r));
    }
  }
}

/** Runs the campaign to the end and returns the tally. */
export async function runCampaign(opts: CampaignOptions): Promise<Summary> {
  mkdirSync(opts.workDir, { recursive: true });
  const summary = emptySummary();
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < opts.count) {
      const r = await runOne(next++, opts);
      tally(summary, r, opts.outDir);
      opts.onResult?.(r, summary);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.inFlight, opts.count)) }, lane));
  return summary;
}
