/**
 * Entry of `npm run fuzz` (built to dist/fuzz/main.js). The same file is the body of the pkjit
 * worker threads: started with JitWorkerData, it serves jobs instead of running the CLI.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { fuzzMain } from './cli.js';
import { serveJitWorker, type JitWorkerData } from './pkjit.js';

const data = workerData as JitWorkerData | undefined;
if (!isMainThread && parentPort !== null && data?.role === 'pkjit-worker') {
  serveJitWorker(parentPort, data);
} else {
  let progressShown = false;
  const io = {
    out: (line: string): void => {
      if (progressShown) process.stdout.write('\n');
      progressShown = false;
      process.stdout.write(`${line}\n`);
    },
    ...(process.stdout.isTTY ? {
      progress: (line: string): void => {
        process.stdout.write(`\r\x1b[2K${line}`);
        progressShown = true;
      },
    } : {}),
  };
  process.exitCode = await fuzzMain(process.argv.slice(2), io, new URL(import.meta.url));
}
