import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** A loopback port free at the moment of asking, for a service started as a process of its own. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const ROOT = join(__dirname, '..', '..', '..', '..');

/**
 * A service's `main.ts` as a process of its own (`npm start`'s way, from source through
 * test/support/run-service.js), so a test can SIGKILL it. Its last 200 output chunks go into `logs`.
 */
export function spawnService(mainTs: string, env: NodeJS.ProcessEnv, logs: string[]): ChildProcess {
  const proc = spawn(process.execPath, [join(ROOT, 'test/support/run-service.js'), mainTs], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer): void => {
    logs.push(chunk.toString());
    if (logs.length > 200) logs.shift();
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  return proc;
}
