import type { MaintenanceConfiguration } from "@azure/arm-containerservice";
import type { MaintenanceConfigurationWrite } from "./planTypes.js";

/** The SDK model of a planned maintenance configuration: its `YYYY-MM-DD` dates as the `Date`s the SDK serialises. */
export function maintenanceConfigurationOf(write: MaintenanceConfigurationWrite): MaintenanceConfiguration {
  const { startDate, notAllowedDates, ...window } = write.body.maintenanceWindow;
  // Midnight UTC: the SDK sends a Date's UTC calendar day, which is then the planned day again.
  const day = (text: string) => new Date(`${text}T00:00:00Z`);
  return {
    maintenanceWindow: {
      ...window,
      ...(startDate ? { startDate: day(startDate) } : {}),
      ...(notAllowedDates
        ? { notAllowedDates: notAllowedDates.map((s) => ({ start: day(s.start), end: day(s.end) })) }
        : {}),
    },
  };
}
