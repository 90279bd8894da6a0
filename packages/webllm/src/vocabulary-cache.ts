// Where prepared vocabularies are kept between page loads: `Vocabulary.serialize()` bytes under a
// key that changes whenever tokenizer.json, the logits length or the stop tokens change.

/** A store of serialized vocabularies. */
export interface VocabularyCache {
  get(key: string): Promise<Uint8Array | undefined>;
  put(key: string, bytes: Uint8Array): Promise<void>;
}

const DB = "toolmask";
const STORE = "vocabularies";

/** Minimal typing of the IndexedDB factory, so the module needs no DOM library to be read. */
type IdbFactory = typeof globalThis extends { indexedDB: infer F } ? F : never;

/**
 * Vocabularies in IndexedDB (database "toolmask", store "vocabularies"), available in pages and
 * Workers. Returns undefined where IndexedDB does not exist (Node).
 */
export function indexedDBVocabularyCache(factory: IdbFactory | undefined = (globalThis as { indexedDB?: IdbFactory }).indexedDB): VocabularyCache | undefined {
  if (!factory) return undefined;
  let opened: Promise<IDBDatabase> | undefined;
  const open = (): Promise<IDBDatabase> =>
    (opened ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.open(DB, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    }));
  const run = async <T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest): Promise<T> => {
    const db = await open();
    return new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = act(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result as T);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  };
  return {
    get: async (key) => {
      const value = await run<unknown>("readonly", (s) => s.get(key));
      return value instanceof Uint8Array ? value : value instanceof ArrayBuffer ? new Uint8Array(value) : undefined;
    },
    put: async (key, bytes) => {
      await run("readwrite", (s) => s.put(bytes, key));
    },
  };
}

/** A cache in memory (tests, or Node processes that prepare several engines). */
export function memoryVocabularyCache(): VocabularyCache & { readonly entries: Map<string, Uint8Array> } {
  const entries = new Map<string, Uint8Array>();
  return {
    entries,
    get: async (key) => entries.get(key),
    put: async (key, bytes) => {
      entries.set(key, bytes);
    },
  };
}

/** FNV-1a over the bytes: a fingerprint of tokenizer.json for the cache key. */
export function fingerprint(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return `${(h >>> 0).toString(16)}-${bytes.length}`;
}
