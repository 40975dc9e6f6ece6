/**
 * The system under test: `runProgram` (jit/engine/engine.ts), in this thread or in a pool of
 * worker threads. Workers run programs in parallel and let the fuzzer survive a pkjit that
 * hangs in host code (no guest step budget applies there): a worker that does not answer in
 * time is terminated and the program counts as a crash.
 */
import { Worker } from 'node:worker_threads';
import { runProgram } from '../jit/engine/engine.js';
import type { JitOutcome } from './compare.js';

/** Runs programs under pkjit. */
export interface JitRunner {
  /** pkjit's outcome for `source`, named `file` in messages. */
  run(source: string, file: string): Promise<JitOutcome>;
  /** Stops the runner's threads. */
  close(): Promise<void>;
}

/** pkjit's outcome, in this thread; a host exception from runProgram is exit -1. */
export function runPkjit(source: string, file: string, maxSteps: number): JitOutcome {
  try {
    const r = runProgram(source, file, { maxSteps });
    const stdout = Buffer.from(r.output.map((l) => `${l}\n`).join(''), 'utf8');
    return { exitCode: r.exitCode, stdout, ...(r.error === undefined ? {} : { error: r.error }) };
  } catch (e) {
    const error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return { exitCode: -1, stdout: Buffer.alloc(0), error };
  }
}

/** Runs each program in this thread (for tests; a host hang hangs the caller). */
export class InProcessRunner implements JitRunner {
  constructor(private readonly maxSteps: number) {}

  run(source: string, file: string): Promise<JitOutcome> {
    return Promise.resolve(runPkjit(source, file, this.maxSteps));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** What the main thread sends a worker, and what comes back. */
interface Job { readonly id: number; readonly source: string; readonly file: string }
interface Answer { readonly id: number; readonly outcome: JitOutcome }

/** The data a worker thread starts with (see `serveJitWorker`). */
export interface JitWorkerData {
  readonly role: 'pkjit-worker';
  readonly maxSteps: number;
}

/** The body of a worker thread: answers Jobs with runPkjit. */
export function serveJitWorker(port: { on(ev: 'message', f: (job: Job) => void): void; postMessage(a: Answer): void }, data: JitWorkerData): void {
  port.on('message', (job) => port.postMessage({ id: job.id, outcome: runPkjit(job.source, job.file, data.maxSteps) }));
}

/** One worker and the job it is running. */
interface Slot {
  worker: Worker;
  busy?: { readonly id: number; readonly resolve: (o: JitOutcome) => void; readonly timer: NodeJS.Timeout };
}

/** A pool of worker threads, each running `script` (which must call serveJitWorker when given JitWorkerData). */
export class WorkerRunner implements JitRunner {
  /** The workers. */
  private readonly slots: Slot[];
  /** Jobs waiting for a free worker. */
  private readonly queue: (() => void)[] = [];
  /** Next job id. */
  private nextId = 0;

  constructor(private readonly script: URL, size: number, private readonly data: JitWorkerData, private readonly hangMs: number) {
    this.slots = Array.from({ length: size }, () => ({ worker: this.startWorker() }));
  }

  private startWorker(): Worker {
    const w = new Worker(this.script, { workerData: this.data });
    w.on('message', (a: Answer) => this.answer(w, a));
    w.on('error', (e) => this.failed(w, e));
    w.unref();
    return w;
  }

  /** A worker died (an exception outside runPkjit): its job is a crash, and it is replaced. */
  private failed(w: Worker, e: Error): void {
    const slot = this.slots.find((s) => s.worker === w);
    if (slot === undefined) return;
    slot.worker = this.startWorker();
    const busy = slot.busy;
    if (busy === undefined) return;
    clearTimeout(busy.timer);
    delete slot.busy;
    busy.resolve({ exitCode: -1, stdout: Buffer.alloc(0), error: `pkjit worker died: ${e.name}: ${e.message}` });
    this.queue.shift()?.();
  }

  private answer(w: Worker, a: Answer): void {
    const slot = this.slots.find((s) => s.worker === w);
    const busy = slot?.busy;
    if (slot === undefined || busy === undefined || busy.id !== a.id) return;
    clearTimeout(busy.timer);
    delete slot.busy;
    busy.resolve({ ...a.outcome, stdout: Buffer.from(a.outcome.stdout) });
    this.queue.shift()?.();
  }

  async run(source: string, file: string): Promise<JitOutcome> {
    let slot = this.slots.find((s) => s.busy === undefined);
    while (slot === undefined) {
      await new Promise<void>((resolve) => this.queue.push(resolve));
      slot = this.slots.find((s) => s.busy === undefined);
    }
    const free = slot;
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        void free.worker.terminate();
        free.worker = this.startWorker();
        delete free.busy;
        resolve({ exitCode: -1, stdout: Buffer.alloc(0), error: `pkjit hung: no answer after ${this.hangMs} ms` });
        this.queue.shift()?.();
      }, this.hangMs);
      free.busy = { id, resolve, timer };
      free.worker.postMessage({ id, source, file } satisfies Job);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
