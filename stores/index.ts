// The store registry: one line per store file. Custom stores are loaded by path (see load-store.ts).
import cookie from './cookie.ts';
import memory from './memory.ts';
import memorystore from './memorystore.ts';
import mongo from './mongo.ts';
import postgres from './postgres.ts';
import redisIoredis from './redis-ioredis.ts';
import redis from './redis.ts';
import sqlite from './sqlite.ts';
import type { StoreDefinition } from './types.ts';

export const builtinStores: Record<string, StoreDefinition> = {
  memory,
  memorystore,
  sqlite,
  cookie,
  redis,
  'redis-ioredis': redisIoredis,
  postgres,
  mongo,
};
