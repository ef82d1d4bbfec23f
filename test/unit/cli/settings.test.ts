import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { apiBase, DEFAULT_EVENTS_TOPIC, parseEnvFile, resolveSettings } from "../../../cli/settings.js";

const file = parseEnvFile(
  [
    "# written by npm start",
    "API_URL=https://127.0.0.1:7071/api",
    "API_KEY=file-key",
    "SERVICEBUS_CONNECTION_STRING=Endpoint=sb://localhost:5672;SharedAccessKey=a=b;",
    "EVENTS_TOPIC=file-topic",
    "NODE_EXTRA_CA_CERTS=/s/cert.pem",
    "",
  ].join("\n"),
);

describe("CLI settings", () => {
  it("reads KEY=value lines, keeping '=' inside values", () => {
    assert.equal(file.SERVICEBUS_CONNECTION_STRING, "Endpoint=sb://localhost:5672;SharedAccessKey=a=b;");
    assert.equal(Object.keys(file).length, 5);
  });

  it("takes a flag over the environment over the env file", () => {
    const env = { API_URL: "http://env:1/api", API_KEY: "env-key" };
    assert.deepEqual(resolveSettings({ apiKey: "flag-key" }, env, file), {
      apiUrl: "http://env:1/api",
      apiKey: "flag-key",
      serviceBus: "Endpoint=sb://localhost:5672;SharedAccessKey=a=b;",
      eventsTopic: "file-topic",
      caFile: "/s/cert.pem",
    });
  });

  it("falls back to the env file, and an empty value counts as unset", () => {
    const s = resolveSettings({ apiUrl: "" }, { API_KEY: "" }, file);
    assert.equal(s.apiUrl, "https://127.0.0.1:7071/api");
    assert.equal(s.apiKey, "file-key");
  });

  it("knows nothing without any source but the topic's default name", () => {
    assert.deepEqual(resolveSettings({}, {}, {}), { eventsTopic: DEFAULT_EVENTS_TOPIC });
  });

  it("adds the route prefix to a bare origin only", () => {
    assert.equal(apiBase("http://h:7071"), "http://h:7071/api");
    assert.equal(apiBase("http://h:7071/"), "http://h:7071/api");
    assert.equal(apiBase("https://app.azurewebsites.net/api/"), "https://app.azurewebsites.net/api");
  });
});
