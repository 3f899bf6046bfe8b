// The store registry: one import and one list entry per store file. Custom stores are loaded by path (see load-store.ts).
import cookie from './cookie.ts';
import memory from './memory.ts';
import memorystore from './memorystore.ts';
import mongo from './mongo.ts';
import postgres from './postgres.ts';
import redisCluster from './redis-cluster.ts';
import redisIoredis from './redis-ioredis.ts';
import redis from './redis.ts';
import sqlite from './sqlite.ts';
import type { StoreDefinition } from './types.ts';

const all = [memory, memorystore, sqlite, cookie, redis, redisIoredis, redisCluster, postgres, mongo];

/** By each definition's own name: the server process loads a built-in as stores/<name>.ts. */
export const builtinStores: Record<string, StoreDefinition> = Object.fromEntries(all.map((def) => [def.name, def]));
