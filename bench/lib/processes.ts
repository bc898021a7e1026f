// The measured servers run as processes of their own: started here, awaited until they answer, sampled for memory,
// and stopped (by their own pid only) when the run ends.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';

export interface ServerProcess {
  name: string;
  base: string;
  child: ChildProcess;
  pid: number;
  log: string;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resident memory of a process in bytes (Linux /proc), or NaN where that is not available. */
export function rssBytes(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

export async function startServer(options: {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  base: string;
  readyPath: string;
  log: string;
  timeoutMs?: number;
}): Promise<ServerProcess> {
  // Something already answering there (a server left over from another run) would be measured instead.
  const taken = await fetch(`${options.base}/`).then(
    (r) => r.arrayBuffer().then(() => true),
    () => false,
  );
  if (taken) throw new Error(`${options.base} already answers: stop what listens there, or pass another --port-base`);
  const log = createWriteStream(options.log);
  const child = spawn(options.command, options.args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (exited !== undefined) throw new Error(`${options.name} exited with code ${exited} before it was ready; see ${options.log}`);
    try {
      const response = await fetch(`${options.base}${options.readyPath}`);
      await response.arrayBuffer();
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${options.name} did not answer ${options.readyPath} within ${(options.timeoutMs ?? 60_000) / 1000} s; see ${options.log}`);
    }
    await sleep(200);
  }
  return {
    name: options.name,
    base: options.base,
    child,
    pid: child.pid!,
    log: options.log,
    async stop() {
      if (exited !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await once(child, 'exit').catch(() => undefined);
      clearTimeout(timer);
    },
  };
}

/** Runs a command to completion; resolves with its stdout, rejects with its output when it fails. */
export function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${command} ${args.join(' ')} exited with ${code}\n${stdout}${stderr}`.trim()))));
  });
}
