import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { HUB_NETWORK, HUB_SUBNET_ID } from "../../../sandbox/start/seedData.js";
import { cidrContains, parseIpv4Cidr } from "../../../src/request/cidr.js";

describe("npm start's seed data", () => {
  it("is the hub network examples/prod-cluster.json joins: its subnet id, its address space, the subnet inside it", () => {
    const prod = JSON.parse(readFileSync(HUB_NETWORK.example, "utf8")) as {
      location: string;
      network: { kind: string; subnetId: string; addressPrefixes: string[] };
    };
    assert.equal(prod.network.kind, "existing");
    assert.equal(HUB_SUBNET_ID, prod.network.subnetId);
    assert.deepEqual([...HUB_NETWORK.addressPrefixes], prod.network.addressPrefixes);
    assert.equal(HUB_NETWORK.location, prod.location, "AKS wants the subnet in the cluster's region");
    const space = parseIpv4Cidr(HUB_NETWORK.addressPrefixes[0]);
    const subnet = parseIpv4Cidr(HUB_NETWORK.subnetPrefix);
    assert.ok(space && subnet && cidrContains(space, subnet));
  });
});
