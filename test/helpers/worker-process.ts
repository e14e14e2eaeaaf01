import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const script = fileURLToPath(new URL('../queue/fixtures/worker-process.ts', import.meta.url));

export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves when the worker prints `ready` (connected, taking jobs). */
  ready: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

/** Starts `test/queue/fixtures/worker-process.ts` as its own Node process (through tsx). */
export function spawnWorker(args: {
  queue: string;
  smtpPort: number;
  user: string;
  concurrency: number;
  lockMs?: number;
}): WorkerProcess {
  const child = spawn(
    process.execPath,
    [
      '--import',
      `${root}node_modules/tsx/dist/loader.mjs`,
      script,
      args.queue,
      String(args.smtpPort),
      args.user,
      String(args.concurrency),
      String(args.lockMs ?? 30_000),
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: process.env },
  );
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk) => {
      output += chunk;
      if (output.includes('ready\n')) resolve();
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    void exited.then(({ code, signal }) =>
      reject(new Error(`worker ${args.user} exited (${code ?? signal}) before ready: ${output}`)),
    );
  });
  ready.catch(() => {});
  return { child, ready, exited, output: () => output };
}
