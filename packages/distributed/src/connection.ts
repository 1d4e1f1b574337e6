/**
 * Connecting to Redis. A connection is a `redis://` / `rediss://` URL (password and TLS in the URL)
 * or an ioredis options object (`password`, `tls`, `username`, `db`, … passed through unchanged).
 *
 * `openRedis` connects eagerly and fails fast: an unreachable server rejects within
 * `connectTimeout` with RedisConnectionError naming the (password-masked) address, instead of
 * ioredis's default of retrying for ever, which would hang a run.
 */

import { ConfigError } from '@tusk/core';
import { Redis, type RedisOptions } from 'ioredis';
import { maskConnection, RedisConnectionError } from './errors.js';

/** Where Redis is: a URL, or ioredis options. */
export type RedisConnection = string | RedisOptions;

/** A validated connection. */
export interface RedisTarget {
  readonly url: string | undefined;
  readonly options: RedisOptions;
  /** For messages (no password). */
  readonly label: string;
}

/** Validate `connection` (the option named `option`). */
export function redisTarget(connection: unknown, option = 'connection'): RedisTarget {
  if (typeof connection === 'string') {
    if (!/^rediss?:\/\//.test(connection)) {
      throw new ConfigError(
        option,
        `The ${option} option takes a Redis URL such as redis://127.0.0.1:6379 (rediss:// for TLS), got '${maskConnection(connection)}'.`,
      );
    }
    return { url: connection, options: {}, label: maskConnection(connection) };
  }
  if (typeof connection === 'object' && connection !== null && !Array.isArray(connection)) {
    const o = connection as RedisOptions;
    const label = `${o.tls ? 'rediss' : 'redis'}://${o.host ?? '127.0.0.1'}:${o.port ?? 6379}`;
    return { url: undefined, options: { ...o }, label };
  }
  throw new ConfigError(
    option,
    `The distributed scheduler needs \`${option}\`: a Redis URL (redis://host:6379) or ioredis options.`,
  );
}

/** Options of a connection Tusk opens: fail fast on connect; `retry` keeps reconnecting after a loss. */
function clientOptions(target: RedisTarget, name: string, timeout: number, retry: boolean): RedisOptions {
  return {
    ...target.options,
    connectionName: name,
    lazyConnect: true,
    connectTimeout: timeout,
    maxRetriesPerRequest: null,
    enableOfflineQueue: retry,
    retryStrategy: retry ? (times) => Math.min(200 * times, 2000) : () => null,
  };
}

/** Open a connection, rejecting with RedisConnectionError when Redis cannot be reached in `timeout` ms. */
export async function openRedis(
  target: RedisTarget,
  name: string,
  timeout: number,
  retry = false,
): Promise<Redis> {
  const options = clientOptions(target, name, timeout, retry);
  const client = target.url === undefined ? new Redis(options) : new Redis(target.url, options);
  let lastError: unknown;
  const onError = (err: unknown) => {
    lastError = err;
  };
  client.on('error', onError);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeout} ms`)), timeout);
      }),
    ]);
  } catch (err) {
    client.disconnect();
    const cause = lastError ?? err;
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new RedisConnectionError(
      target.label,
      `Cannot reach Redis at ${target.label} (${detail}). Start redis-server there, or give the right ` +
        'address (`connection` for a run, --redis for a worker): a redis:// URL, with the password in it ' +
        'if the server needs one; rediss:// for TLS.',
      { cause },
    );
  } finally {
    clearTimeout(timer);
  }
  client.off('error', onError);
  return client;
}
