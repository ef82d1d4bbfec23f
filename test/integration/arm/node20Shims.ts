// @kubernetes/client-node 2.0.1 pulls undici 8, which needs Node ≥ 22.19: on Node 20 it fails at
// import (zlib.createZstdDecompress, worker_threads.markAsUncloneable) and at request time
// (Promise.withResolvers). These stand-ins let it run; zstd and structured cloning are never
// exercised against the sandbox. Remove this file once the project runs on Node 22.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const zlib = require("node:zlib") as { createZstdDecompress?: () => never };
zlib.createZstdDecompress ??= () => {
  throw new Error("zstd decompression is not available on this Node version");
};
const workerThreads = require("node:worker_threads") as { markAsUncloneable?: (value: object) => void };
workerThreads.markAsUncloneable ??= () => {};

const promise = Promise as unknown as { withResolvers?: () => unknown };
promise.withResolvers ??= () => {
  let resolve!: (value: unknown) => void;
  let reject!: (reason: unknown) => void;
  const p = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise: p, resolve, reject };
};

/** Loads @kubernetes/client-node after the shims are in place. */
export async function loadKubernetesClient(): Promise<typeof import("@kubernetes/client-node")> {
  return import("@kubernetes/client-node");
}
