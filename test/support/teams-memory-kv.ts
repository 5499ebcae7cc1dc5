// An in-memory KeyValueStore for Teams unit tests (end-to-end tests use the real SQLite store).
import type { KeyValueStore } from '../../src/bot/ports.js';

export function memoryKv(): KeyValueStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    async getValue<T>(ns: string, key: string) {
      const v = data.get(`${ns}/${key}`);
      return v === undefined ? undefined : (structuredClone(v) as T);
    },
    async putValue(ns: string, key: string, value: unknown) {
      data.set(`${ns}/${key}`, structuredClone(value));
    },
  };
}
