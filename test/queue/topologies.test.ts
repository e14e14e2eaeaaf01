// The queue on the other Redis topologies the README promises, through ioredis: Sentinel (options with
// `sentinels` and `name`) and Cluster (an ioredis Cluster client, queue name as a `{hash tag}`). Real
// redis-server processes (the Debian binary .ci/redis.sh installs) on free ports, started and stopped here.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Cluster, Redis } from 'ioredis';
import { createMailer, type Mailer, type MemoryTransport } from 'mailsmith';
import { createMailQueue, createMailWorker } from 'mailsmith/queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { obliterateQueue, redisAvailable, redisConnection, uniqueQueueName } from '../helpers/redis.js';
import { serviceAvailable } from '../helpers/services.js';

const run = promisify(execFile);
type Untyped = Mailer<Record<never, never>>;
const templates = 'test/fixtures/templates/ok';
const data = {
  name: 'Ada',
  url: 'https://example.com/a',
  verifyUrl: 'https://example.com/v',
  team: 'Acme',
  site: 'https://acme.example.com',
};

const available =
  (await redisAvailable()) &&
  (await serviceAvailable('redis-server binary (Sentinel, Cluster)', async () => {
    await run('redis-server', ['--version']);
    return true;
  }));

/** A free TCP port whose cluster-bus twin (port + 10000) is free too. */
async function freePort(): Promise<number> {
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const server = createServer().once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        const { port: got } = server.address() as { port: number };
        server.close(() => resolve(got));
      });
    });
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 30_000);
    try {
      await listen(port);
      await listen(port + 10_000);
      return port;
    } catch {
      // taken: try another
    }
  }
}

async function until(check: () => Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check().catch(() => false))) {
    if (Date.now() > end) throw new Error(`${what} not ready within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function memoryMailer(): Untyped {
  return createMailer({ templates, transport: 'memory://', from: 'noreply@acme.test' }) as unknown as Untyped;
}

describe.skipIf(!available)('mailsmith/queue on Redis Sentinel and Cluster', () => {
  let dir: string;
  const processes: ChildProcess[] = [];
  const start = (args: string[]) => {
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    processes.push(child);
    return child;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mailsmith-redis-topologies-'));
  });
  afterAll(async () => {
    for (const child of processes) child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('Sentinel: the queue and the worker find the master through a sentinel and deliver', async () => {
    const port = await freePort();
    const master = redisConnection();
    const conf = join(dir, 'sentinel.conf');
    // Sentinel rewrites its config file, so it gets its own; quorum 1: one sentinel is enough here.
    await writeFile(
      conf,
      `port ${port}\nbind 127.0.0.1\nsentinel monitor mailsmith-test ${master.host} ${master.port} 1\n`,
    );
    start([conf, '--sentinel']);
    const probe = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0 });
    probe.on('error', () => {}); // refused until the sentinel listens: the loop below retries
    await until(async () => {
      const addr = (await probe.call('SENTINEL', 'get-master-addr-by-name', 'mailsmith-test')) as string[];
      return addr?.[1] === String(master.port);
    }, 'sentinel');
    probe.disconnect();

    const connection = { sentinels: [{ host: '127.0.0.1', port }], name: 'mailsmith-test' };
    const name = uniqueQueueName('sentinel');
    const queue = createMailQueue<Record<never, never>>({ connection, name, templates });
    const mailer = memoryMailer();
    const worker = createMailWorker(mailer, { connection, name, signals: false });
    try {
      await queue.send('basic', data, { to: 'sentinel@163.com', idempotencyKey: `sentinel:${name}` });
      await until(async () => (await queue.stats()).completed === 1, 'delivery');
      const sent = (mailer.transport as MemoryTransport).messages;
      expect(sent.map((m) => m.to.map((a) => a.address))).toEqual([['sentinel@163.com']]);
    } finally {
      await worker.close();
      await queue.close();
      await obliterateQueue(name); // the sentinel's master is the shared redis-server
    }
  });

  it('Cluster: with an ioredis Cluster and a {hash-tagged} queue name, jobs deliver once', async () => {
    const ports = [await freePort(), await freePort(), await freePort()];
    for (const port of ports) {
      start([
        '--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes',
        '--cluster-config-file', join(dir, `nodes-${port}.conf`), '--dir', dir,
        '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction',
      ]); // biome-ignore format: one flag and its value per pair reads best
    }
    /** One command on one node, over a client closed right after (a node still starting refuses). */
    const ask = async <T>(port: number, command: (redis: Redis) => Promise<T>): Promise<T> => {
      const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0 });
      redis.on('error', () => {});
      try {
        return await command(redis);
      } finally {
        redis.disconnect();
      }
    };
    for (const port of ports)
      await until(async () => (await ask(port, (r) => r.ping())) === 'PONG', `node ${port}`);
    await run('redis-cli', [
      '--cluster',
      'create',
      ...ports.map((p) => `127.0.0.1:${p}`),
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    await until(
      async () => (await ask(ports[0]!, (r) => r.cluster('INFO'))).includes('cluster_state:ok'),
      'cluster',
    );

    const cluster = () =>
      new Cluster([{ host: '127.0.0.1', port: ports[0]! }], { redisOptions: { maxRetriesPerRequest: null } });
    const queueClient = cluster();
    const workerClient = cluster();
    // BullMQ's keys of one queue must share a slot: the braces make the name a hash tag.
    const name = `{${uniqueQueueName('cluster')}}`;
    const queue = createMailQueue<Record<never, never>>({
      connection: queueClient as never,
      name,
      templates,
    });
    const mailer = memoryMailer();
    const worker = createMailWorker(mailer, { connection: workerClient as never, name, signals: false });
    try {
      for (let i = 0; i < 5; i++) {
        await queue.send('basic', data, {
          to: `cluster-${i}@163.com`,
          idempotencyKey: `cluster:${name}:${i}`,
        });
      }
      // The same key again while the first job is kept: a no-op.
      await queue.send('basic', data, { to: 'cluster-0@163.com', idempotencyKey: `cluster:${name}:0` });
      await until(async () => (await queue.stats()).completed === 5, 'delivery');
      const sent = (mailer.transport as MemoryTransport).messages.map((m) => m.to[0]?.address).sort();
      expect(sent).toEqual([0, 1, 2, 3, 4].map((i) => `cluster-${i}@163.com`));
    } finally {
      await worker.close();
      await queue.close();
      queueClient.disconnect();
      workerClient.disconnect();
    }
  });
});
