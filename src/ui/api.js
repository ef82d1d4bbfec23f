// The API client: the function key comes from `?code=` (then kept in sessionStorage and removed from the URL)
// or from the key form, never from the page's source; every call sends it as `x-functions-key`.
const STORAGE = "aks-provisioner.key";

export class Unauthorized extends Error {}

/** Moves a `?code=` key into sessionStorage and out of the address bar (and so out of history and referrers). */
export function takeKeyFromUrl() {
  const url = new URL(window.location.href);
  const code = url.searchParams.get("code");
  if (code === null) return;
  sessionStorage.setItem(STORAGE, code);
  url.searchParams.delete("code");
  history.replaceState(null, "", url.pathname + url.search + url.hash);
}

export function hasKey() {
  return Boolean(sessionStorage.getItem(STORAGE));
}

export function setKey(key) {
  sessionStorage.setItem(STORAGE, key);
}

export function forgetKey() {
  sessionStorage.removeItem(STORAGE);
}

/** GET `/api/<path>`: the JSON body and the Retry-After (seconds) when there is one; throws Unauthorized on 401. */
export async function getJson(path) {
  const res = await fetch(`/api/${path}`, {
    headers: { "x-functions-key": sessionStorage.getItem(STORAGE) ?? "", accept: "application/json" },
  });
  if (res.status === 401 || res.status === 403) throw new Unauthorized("the function key was refused");
  const body = await res.json().catch(() => undefined);
  if (!res.ok) {
    const message = body?.error ? `${body.error.code}: ${body.error.message}` : `HTTP ${res.status}`;
    throw new Error(message);
  }
  const retryAfter = Number(res.headers.get("retry-after"));
  return { body, retryAfter: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined };
}
