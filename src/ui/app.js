import { forgetKey, hasKey, setKey, takeKeyFromUrl, Unauthorized } from "./api.js";
import { h } from "./dom.js";
import { renderList } from "./list.js";
import { renderOperation, renderRequest } from "./request.js";

// Routes: `#/` the list; `#/clusters/{requestId}` (or `?request=`) one request; `…/operations/{operationId}` one
// day-2 operation. Each render returns when to render again (seconds), or nothing once its run has ended.
const main = document.getElementById("main");
const keyForm = document.getElementById("key-form");
const refreshed = document.getElementById("refreshed");
let timer;
let generation = 0;

function route() {
  const parts = window.location.hash.replace(/^#\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
  if (parts[0] === "clusters" && parts[1] && parts[2] === "operations" && parts[3])
    return (el) => renderOperation(el, parts[1], parts[3]);
  const requestId = parts[0] === "clusters" ? parts[1] : new URLSearchParams(window.location.search).get("request");
  return requestId ? (el) => renderRequest(el, requestId) : renderList;
}

async function render() {
  clearTimeout(timer);
  const mine = ++generation;
  if (!hasKey()) return askForKey();
  try {
    const { again } = await route()(main);
    if (mine !== generation) return;
    refreshed.textContent = `Updated ${new Date().toLocaleTimeString()}${again ? "" : " · ended"}`;
    if (again) timer = setTimeout(render, again * 1000);
  } catch (error) {
    if (mine !== generation) return;
    if (error instanceof Unauthorized) {
      forgetKey();
      return askForKey("That key was refused.");
    }
    main.replaceChildren(h("p", { class: "error", role: "alert" }, `Could not read the API: ${error.message}`));
    timer = setTimeout(render, 5000);
  }
}

function askForKey(why) {
  main.replaceChildren(h("p", {}, why ?? "The API needs a function key."));
  keyForm.hidden = false;
  document.getElementById("key-input").focus();
}

keyForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const input = document.getElementById("key-input");
  setKey(input.value.trim());
  input.value = "";
  keyForm.hidden = true;
  void render();
});

window.addEventListener("hashchange", () => {
  void render();
  main.focus();
});
takeKeyFromUrl();
void render();
