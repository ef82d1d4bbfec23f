import assert from "node:assert/strict";
import { once } from "node:events";
import { createServer } from "node:net";
import { describe, it } from "node:test";
import { ephemeralLow, freePort, restartablePort } from "../../helpers/ports.js";

describe("test ports", () => {
  it("a restartable port lies below the ephemeral range and can be listened on again after a close", async () => {
    const port = await restartablePort();
    assert.ok(port < ephemeralLow() && port > 1024, `${port} below ${ephemeralLow()}`);
    for (let start = 0; start < 2; start++) {
      const server = createServer().listen(port, "127.0.0.1");
      await once(server, "listening");
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("a free port is one the kernel hands out, inside its ephemeral range", async () => {
    assert.ok((await freePort()) >= ephemeralLow());
  });
});
