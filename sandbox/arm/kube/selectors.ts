import type { KubeObject } from "./kubeObject.js";

/** Equality-based label selectors (`k=v`, `k==v`, `k!=v`, `k`, `!k`, comma-separated), as kubectl sends them. */
export function matchesSelector(labels: Record<string, string>, selector: string): boolean {
  return terms(selector).every((term) => {
    const notEqual = /^([^!=]+)!=(.*)$/.exec(term);
    if (notEqual) return labels[notEqual[1]?.trim() ?? ""] !== notEqual[2]?.trim();
    const equal = /^([^!=]+)==?(.*)$/.exec(term);
    if (equal) return labels[equal[1]?.trim() ?? ""] === equal[2]?.trim();
    if (term.startsWith("!")) return !(term.slice(1) in labels);
    return term in labels;
  });
}

/**
 * Field selectors (`metadata.name=x`, `spec.nodeName==n`, `status.phase!=Succeeded`): kubectl wait
 * watches one object by `metadata.name`, kubectl describe node lists its pods by `spec.nodeName`.
 */
export function matchesFieldSelector(object: KubeObject, selector: string): boolean {
  return terms(selector).every((term) => {
    const match = /^([^!=]+)(!=|==|=)(.*)$/.exec(term);
    if (!match) return false;
    const [, path = "", op, wanted = ""] = match;
    let value: unknown = object;
    for (const key of path.trim().split(".")) value = (value as Record<string, unknown> | undefined)?.[key];
    const actual = value === undefined ? "" : String(value);
    return op === "!=" ? actual !== wanted.trim() : actual === wanted.trim();
  });
}

function terms(selector: string): string[] {
  return selector
    .split(",")
    .map((term) => term.trim())
    .filter(Boolean);
}

/** The objects a list or watch request selects with its `labelSelector` and `fieldSelector`. */
export function selectObjects<T extends KubeObject>(items: T[], query: URLSearchParams): T[] {
  const labels = query.get("labelSelector");
  const fields = query.get("fieldSelector");
  return items.filter(
    (o) =>
      (!labels || matchesSelector(o.metadata.labels ?? {}, labels)) && (!fields || matchesFieldSelector(o, fields)),
  );
}
