import type { Command } from 'commander';
import type { RedisOptions } from 'ioredis';
import { parseRedisUrl } from '../../queue/connection.js';

/** Where the queue commands find Redis when neither --redis nor MAILSMITH_REDIS says. */
export const DEFAULT_REDIS = 'redis://127.0.0.1:6379';

/** Flags every queue command shares. */
export interface QueueFlags {
  redis?: string;
  name: string;
}

/** `--redis` beats MAILSMITH_REDIS beats the local default. */
export function redisUrl(flags: { redis?: string }, env: NodeJS.ProcessEnv = process.env): string {
  return flags.redis ?? (env.MAILSMITH_REDIS?.trim() || DEFAULT_REDIS);
}

/** Adds the connection flags to a queue command. */
export function withQueueFlags(command: Command): Command {
  return command
    .option('--redis <url>', `Redis URL (env MAILSMITH_REDIS, default ${DEFAULT_REDIS})`)
    .option('--name <queue>', 'queue name', 'mail');
}

/** The `mailsmith queue` group, created by whichever of its commands registers first. */
export function queueGroup(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'queue') ??
    program.command('queue').description('inspect and manage the mail queue (BullMQ on Redis)')
  );
}

/**
 * Connection for one-shot commands: no reconnect loop, a short connect timeout, so an unreachable
 * Redis is an error within seconds instead of a command that waits forever. (Workers keep reconnecting.)
 */
export function oneShotConnection(url: string): RedisOptions {
  return { ...parseRedisUrl(url), connectTimeout: 3000, retryStrategy: () => null, maxRetriesPerRequest: 1 };
}
