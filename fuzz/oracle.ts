/**
 * The oracle: the real node running the real file, `node FILE`, one fresh process per
 * program, several at a time. stdout and stderr go to files beside the program, as in
 * `node FILE > out`: node writes files synchronously, so everything printed before an
 * uncaught error is there. (A pipe is not safe: when the reader lags, node queues writes and
 * an uncaught error exits before they drain, losing the tail of stdout.) The output is capped
 * with the shell's `ulimit -f`: past it the kernel stops node with SIGXFSZ, as the timer stops
 * a program past the timeout. The child's environment drops FORCE_COLOR, NODE_DISABLE_COLORS
 * and NODE_OPTIONS, which would change what console.log writes (colors) or how node runs.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';

/** What node did with one program. */
export interface NodeOutcome {
  /** Everything the program wrote to stdout (up to the cap), as bytes. */
  readonly stdout: Buffer;
  /** The process exit code; null when it was killed. */
  readonly exitCode: number | null;
  /** Why the oracle killed it: past the timeout, or past the output cap. */
  readonly killed?: 'timeout' | 'output';
  /** The uncaught error's first line (`TypeError: ...`), when node threw. */
  readonly error?: string;
}

/** Options of the oracle. */
export interface OracleOptions {
  /** Most node processes at once (>= 1). */
  readonly parallel: number;
  /** Wall-clock limit per program, in milliseconds. */
  readonly timeoutMs: number;
  /** Most stdout bytes per program (default 4 MiB); a run that reaches it counts as killed. */
  readonly maxOutputBytes?: number;
}

/** The uncaught error's line in node's stderr (`file:line` / source / caret / `Error: msg`). */
export function uncaughtError(stderr: string): string | undefined {
  return stderr.split('\n').find((l) => /^[A-Za-z]*Error\b/.test(l));
}

/** Runs `node FILE` with at most `parallel` processes at once. */
export class NodeOracle {
  /** Processes running now. */
  private running = 0;
  /** Programs waiting for a free slot, first come first served. */
  private readonly queue: (() => void)[] = [];
  /** The environment every child gets. */
  private readonly env: NodeJS.ProcessEnv;

  constructor(private readonly opts: OracleOptions) {
    const { FORCE_COLOR: _c, NODE_OPTIONS: _o, NODE_DISABLE_COLORS: _d, ...env } = process.env;
    this.env = env;
  }

  /** node's outcome for the program in `file` (an absolute path). */
  async run(file: string): Promise<NodeOutcome> {
    if (this.running >= this.opts.parallel) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.running++;
    try {
      return await this.spawnNode(file);
    } finally {
      this.running--;
      this.queue.shift()?.();
    }
  }

  private spawnNode(file: string): Promise<NodeOutcome> {
    const cap = this.opts.maxOutputBytes ?? 4 * 1024 * 1024;
    // `ulimit -f` counts 512-byte blocks in POSIX sh (1024 in some shells: the file limit is
    // then twice the cap, and stdout still reaches the cap, which is what is checked).
    const blocks = Math.max(1, Math.ceil(cap / 512));
    const outFd = openSync(`${file}.node-out`, 'w');
    const errFd = openSync(`${file}.node-err`, 'w');
    return new Promise((resolve, reject) => {
      const child = spawn('/bin/sh', ['-c', `ulimit -f ${blocks} && exec "$0" "$1"`, process.execPath, file], {
        cwd: dirname(file), env: this.env, stdio: ['ignore', outFd, errFd],
      });
      closeSync(outFd);
      closeSync(errFd);
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, this.opts.timeoutMs);
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve(this.outcome(file, code, timedOut, cap));
      });
    });
  }

  /** Reads and removes the output files of `file`'s run. */
  private outcome(file: string, exitCode: number | null, timedOut: boolean, cap: number): NodeOutcome {
    const stdout = readFileSync(`${file}.node-out`);
    const killed = stdout.length >= cap ? 'output' : timedOut ? 'timeout' : undefined;
    const error = exitCode === 0 ? undefined : uncaughtError(readFileSync(`${file}.node-err`).subarray(0, 65536).toString('utf8'));
    rmSync(`${file}.node-out`, { force: true });
    rmSync(`${file}.node-err`, { force: true });
    return { stdout, exitCode, ...(killed === undefined ? {} : { killed }), ...(error === undefined ? {} : { error }) };
  }
}
