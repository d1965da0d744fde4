// US federal holidays (5 U.S.C. 6103), from the 18F package rather than a table of our own.
//
// Both the legal date and the observed date count as a holiday here: a holiday on a Saturday is observed on the
// Friday before, one on a Sunday on the Monday after, and Tactful treats either day as a holiday. That is the cautious
// reading for both uses: a creditor policy that skips holidays skips both days, and the assumed receipt of a
// validation notice (which counts business days) lands later, so the validation period never ends too early.
import { allForYear } from '@18f/us-federal-holidays';
import { civilFromDays, dayNumberOf } from './calendar.ts';

const loadedYears = new Set<number>();
const holidayDays = new Set<number>();

function loadYear(year: number): void {
  if (loadedYears.has(year)) return;
  loadedYears.add(year);
  for (const shift of [true, false]) {
    const holidays = allForYear(year, { shiftSaturdayHolidays: shift, shiftSundayHolidays: shift });
    for (const holiday of holidays) {
      const day = dayNumberOf(holiday.dateString);
      if (day !== null) holidayDays.add(day);
    }
  }
}

/** Whether the civil day `dayNumber` (days since 1970-01-01) is a US federal holiday, legal or observed. */
export function isUsFederalHoliday(dayNumber: number): boolean {
  const { year } = civilFromDays(dayNumber);
  // A New Year's Day on a Saturday is observed on 31 December of the year before.
  loadYear(year);
  loadYear(year + 1);
  return holidayDays.has(dayNumber);
}
