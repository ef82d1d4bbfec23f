import type { RequestProblem } from "../src/request/index.js";

/** A pool's target as `POST …/scale` takes it: a count, or autoscale bounds. */
export type PoolTarget = number | { min: number; max: number };

/** The scale body, or every spec that is not `pool=count` / `pool=min..max`. */
export type ScaleSpecResult =
  | { ok: true; body: { pools: Record<string, PoolTarget> } }
  | { ok: false; problems: RequestProblem[] };

const SPEC = /^([^=\s]+)=(?:(\d+)|(\d+)\.\.(\d+))$/;

/** `apps=3 gpu=0..4` → `{ pools: { apps: 3, gpu: { min: 0, max: 4 } } }`. The API checks names and limits. */
export function parseScaleSpecs(specs: string[]): ScaleSpecResult {
  const pools: Record<string, PoolTarget> = {};
  const problems: RequestProblem[] = [];
  if (specs.length === 0)
    problems.push({
      path: "pools",
      code: "InvalidParameter",
      message: "name at least one pool=count or pool=min..max",
    });
  specs.forEach((spec, i) => {
    const m = SPEC.exec(spec);
    if (!m?.[1]) {
      problems.push({
        path: `[${i}]`,
        code: "InvalidParameter",
        message: `"${spec}" is not pool=count or pool=min..max`,
      });
      return;
    }
    const name = m[1];
    if (name in pools) {
      problems.push({ path: `pools.${name}`, code: "InvalidParameter", message: `pool ${name} is named twice` });
      return;
    }
    pools[name] = m[2] !== undefined ? Number(m[2]) : { min: Number(m[3]), max: Number(m[4]) };
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, body: { pools } };
}
