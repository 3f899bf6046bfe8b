// What the harness needs to know about one kind of service: how to run it in a container and how
// to talk to it from the harness process (health query, version, clearing between cells, size).
import type { WaitStrategy } from 'testcontainers';
import type { ContainerServiceKind, StoreStats } from '../../stores/types.ts';

export interface ContainerRecipe {
  /** The server's usual port (mapped in bridge mode; replaced by a free port in host mode). */
  port: number;
  env?(password: string): Record<string, string>;
  /** Command line; `hostNetwork` means bind 127.0.0.1 only. */
  command(port: number, hostNetwork: boolean): string[];
  wait(port: number): WaitStrategy;
  url(host: string, port: number, password: string): string;
  startupTimeoutMs: number;
}

export interface AdminClient {
  /** Server version reported by the server itself. */
  version: string;
  /** Removes session-bench's data (everything, for a server we started). */
  clear(): Promise<void>;
  stats(): Promise<StoreStats>;
  close(): Promise<void>;
  /** Redis: AOF on or off now (CONFIG SET appendonly), resolved once the AOF is ready to be loaded. */
  setPersistence?(aof: boolean): Promise<void>;
}

export interface ServiceDriver {
  kind: ContainerServiceKind;
  /** Flag and environment variable that give a URL, for messages. */
  urlHint: string;
  container: ContainerRecipe;
  /** Connects and runs a health query; rejects if the server does not answer. */
  connect(url: string, owned: boolean): Promise<AdminClient>;
}
