import { ArmError, armErrors } from "../errors.js";
import type { SkuRestriction } from "../options.js";
import { regionZones } from "./regions.js";
import type { VmSize } from "./vmSizes.js";

/** Where a size is offered to the subscription in one region: the skus list and AKS PUTs both read it. */
export interface SkuOffer {
  /** Zones of the region the size exists in (`locationInfo.zones`). */
  zones: string[];
  /** The size is not offered in the region at all. */
  regionRestricted: boolean;
  /** Zones it is not offered in. */
  restrictedZones: string[];
}

/** The offer of `size` in `location` under the sandbox's restrictions. */
export function skuOffer(size: VmSize, location: string, restrictions: readonly SkuRestriction[]): SkuOffer {
  const inRegion = regionZones(location);
  const zones = size.zones ? inRegion.filter((z) => size.zones?.includes(z)) : inRegion;
  const applying = restrictions.filter(
    (r) =>
      r.vmSize.toLowerCase() === size.name.toLowerCase() &&
      (r.location === undefined || r.location.toLowerCase() === location),
  );
  const regionRestricted = applying.some((r) => !r.zones?.length);
  const restrictedZones = zones.filter((z) => applying.some((r) => r.zones?.includes(z)));
  return { zones, regionRestricted, restrictedZones };
}

/** The `restrictions` array of a skus entry (`NotAvailableForSubscription`, by region or by zone). */
export function restrictionsBody(offer: SkuOffer, location: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  if (offer.regionRestricted) {
    out.push({
      type: "Location",
      values: [location],
      restrictionInfo: { locations: [location] },
      reasonCode: "NotAvailableForSubscription",
    });
  }
  if (!offer.regionRestricted && offer.restrictedZones.length) {
    out.push({
      type: "Zone",
      values: [location],
      restrictionInfo: { locations: [location], zones: offer.restrictedZones },
      reasonCode: "NotAvailableForSubscription",
    });
  }
  return out;
}

/**
 * Refuses a pool AKS would refuse for what the region offers: zones in a region without them (400
 * AvailabilityZoneNotSupported, AKS's wording), and a size not offered in the region or in one of
 * the pool's zones (400 InvalidParameter on vmSize, the wording AKS uses for sizes it does not allow).
 */
export function checkPoolOffer(offer: SkuOffer, size: VmSize, location: string, zones: readonly string[]): void {
  if (zones.length && regionZones(location).length === 0) {
    throw new ArmError(
      400,
      "AvailabilityZoneNotSupported",
      `Availability zone is not supported in region ${location}.`,
      "agentPoolProfile.availabilityZone",
    );
  }
  const badZones = zones.filter((z) => !offer.zones.includes(z) || offer.restrictedZones.includes(z));
  if (offer.regionRestricted || badZones.length) {
    const where = badZones.length ? ` zone(s) '${badZones.join(",")}'` : "";
    throw armErrors.invalidParameter(
      "vmSize",
      `The VM size of ${size.name} is not allowed in your subscription in location '${location}'${where}.`,
    );
  }
}
