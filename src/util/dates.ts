/**
 * Dates without a library: strict ISO 8601 parsing (no silent roll-over),
 * wall-clock time in a site time zone, and portal-style formatting via Intl.
 * Nothing here reads the machine's TZ or locale.
 */
import { memoize } from "./memo.ts";

export interface Instant {
  /** Milliseconds since the epoch (UTC). */
  ms: number;
}

/** A date, or a date and time with an optional offset (an offset after a day alone, `2024-05-01+09:00`, names no instant). */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

export type DateParse = { ok: true; ms: number } | { ok: false; message: string };

/** Offsets of the zone names Indonesian newsrooms write after a time. */
const ZONE_NAMES: Readonly<Record<string, string>> = { WIB: "+07:00", WITA: "+08:00", WIT: "+09:00", UTC: "Z", GMT: "Z" };

/** How to write the way a reporter wrote a date (`… 08:00 WIB`, `04/10/2022`) as ISO 8601. */
function dateHint(text: string): string {
  const zone = /^(.*?)\s*\b([A-Za-z]{3,4})$/.exec(text);
  if (zone && ISO.test(zone[1]!) && !/[zZ]|[+-]\d{2}:?\d{2}$/.test(zone[1]!)) {
    const offset = ZONE_NAMES[zone[2]!.toUpperCase()];
    return `: drop "${zone[2]}" (a time without an offset is the site's time zone)${offset ? ` or write the offset: ${zone[1]}${offset === "Z" ? "Z" : offset}` : ""}`;
  }
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(.*)$/.exec(text);
  if (dmy) return `: write the year first, ${dmy[3]}-${dmy[2]!.padStart(2, "0")}-${dmy[1]!.padStart(2, "0")}${dmy[4]!.trim() ? ` ${dmy[4]!.trim()}` : ""}`;
  return "";
}

/** Parse an ISO 8601 date or date-time. A value without an offset is wall-clock time in `timeZone`. */
export function parseIsoDate(text: string, timeZone: string): DateParse {
  const m = ISO.exec(text.trim());
  if (!m) return { ok: false, message: `"${text}" is not an ISO 8601 date (expected e.g. 2022-10-04T18:23:00+07:00)${dateHint(text.trim())}` };
  const [, ys, mos, ds, hs, mis, ss, frac, zone] = m;
  const y = Number(ys), mo = Number(mos), d = Number(ds);
  const h = Number(hs ?? 0), mi = Number(mis ?? 0), s = Number(ss ?? 0);
  const msPart = frac ? Number(frac.slice(0, 3).padEnd(3, "0")) : 0;
  if (mo < 1 || mo > 12) return { ok: false, message: `"${text}" has month ${mo}: not a calendar date` };
  if (d < 1 || d > daysInMonth(y, mo)) return { ok: false, message: `"${text}" is not a calendar date (${monthName(mo)} ${y} has ${daysInMonth(y, mo)} days)` };
  if (h > 23 || mi > 59 || s > 59) return { ok: false, message: `"${text}" has an impossible time of day` };
  if (y < 1000) return { ok: false, message: `"${text}" has an implausible year` };
  const wall = Date.UTC(y, mo - 1, d, h, mi, s, msPart);
  if (zone) {
    if (zone.toUpperCase() === "Z") return inFourDigitYears(text, wall, timeZone);
    const sign = zone[0] === "-" ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    const oh = Number(digits.slice(0, 2)), om = Number(digits.slice(2, 4));
    if (oh > 14 || om > 59) return { ok: false, message: `"${text}" has an impossible UTC offset` };
    return inFourDigitYears(text, wall - sign * (oh * 60 + om) * 60_000, timeZone);
  }
  const ms = wallTimeToUtc(wall, timeZone);
  if (ms + offsetSeconds(ms, timeZone) * 1000 === wall) return { ok: true, ms };
  // A time the clocks skip (spring forward) names no instant: an error, never moved silently.
  if (hs !== undefined) return { ok: false, message: `"${text}" does not exist in ${timeZone}: the clocks skip that time` };
  // A date alone means the day from its first moment: where midnight is skipped, the end of the
  // gap (the wall time read with the offset before it). A day the clocks skip whole (Apia on
  // 2011-12-30) has no first moment: the end of the gap is the next day, never taken silently.
  const start = wall - offsetSeconds(ms - DAY / 4, timeZone) * 1000;
  if (Math.floor((start + offsetSeconds(start, timeZone) * 1000) / DAY) !== Math.floor(wall / DAY)) return { ok: false, message: `"${text}" does not exist in ${timeZone}: the clocks skip that whole day` };
  return { ok: true, ms: start };
}

/**
 * Feeds, sitemaps and JSON-LD write the date in the site's zone with a four-digit year (RFC 3339,
 * W3C datetime): `1000-01-01T00:00+14:00` is year 999 in Jakarta, `9999-12-31T23:00-05:00` year 10000.
 */
function inFourDigitYears(text: string, ms: number, timeZone: string): DateParse {
  const { year } = wallParts(ms, timeZone);
  return year >= 1000 && year <= 9999 ? { ok: true, ms } : { ok: false, message: `"${text}" is in the year ${year} in ${timeZone}: dates must fall in the years 1000–9999 there` };
}

function daysInMonth(y: number, mo: number): number {
  return new Date(Date.UTC(y, mo, 0)).getUTCDate();
}
const monthName = (mo: number): string => ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"][mo - 1] ?? "";

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
/**
 * Offsets change only at rare transitions (DST, zone reforms). Cache per zone per UTC day: when
 * the offsets at the day's start and end agree, the whole day has that offset; a day with a
 * transition falls back to quarter-hour buckets (every real transition is on a quarter hour).
 */
const offsetCache = new Map<string, Map<number, number>>();
const quarterCache = new Map<string, Map<number, number>>();
const DAY = 86_400_000;
const QUARTER = 900_000;
const MIXED = 1e9;

/**
 * Offset of `timeZone` from UTC at instant `ms`, in seconds (Jakarta: +25200). Seconds, not
 * minutes: local mean times before standard time (Monrovia's −0:44:30 until 1972, São Paulo's
 * −3:06:28 until 1914) are not whole minutes, and a day's midnight rounded to the minute is the
 * day before.
 */
export function offsetSeconds(ms: number, timeZone: string): number {
  let zone = offsetCache.get(timeZone);
  if (!zone) offsetCache.set(timeZone, (zone = new Map()));
  const day = Math.floor(ms / DAY);
  let offset = zone.get(day);
  if (offset === undefined) {
    const start = computeOffset(day * DAY, timeZone);
    offset = start === computeOffset((day + 1) * DAY - QUARTER, timeZone) ? start : MIXED;
    if (zone.size > 200_000) zone.clear();
    zone.set(day, offset);
  }
  if (offset !== MIXED) return offset;
  let quarters = quarterCache.get(timeZone);
  if (!quarters) quarterCache.set(timeZone, (quarters = new Map()));
  const quarter = Math.floor(ms / QUARTER);
  let q = quarters.get(quarter);
  if (q === undefined) quarters.set(quarter, (q = computeOffset(quarter * QUARTER, timeZone)));
  return q;
}

function computeOffset(ms: number, timeZone: string): number {
  let fmt = offsetFormatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat("en-US", {
      timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
    });
    offsetFormatters.set(timeZone, fmt);
  }
  const p: Record<string, number> = {};
  for (const { type, value } of fmt.formatToParts(ms)) if (type !== "literal") p[type] = Number(value);
  const asUtc = Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return Math.round((asUtc - ms) / 1000);
}

/**
 * Convert a wall-clock time (encoded as if UTC) in `timeZone` to a UTC instant. A time the clocks
 * pass twice (falling back) is its first occurrence in every zone, east or west of UTC. A time
 * they skip gives an instant whose wall time differs (the caller checks).
 */
function wallTimeToUtc(wall: number, timeZone: string): number {
  let found: number | undefined;
  // The offsets in force up to a day either side cover any transition near the wall time, with
  // offsets up to ±14 h (Auckland's +13 falling back to +12: half a day either side missed +13).
  for (const near of [wall - DAY, wall - DAY / 2, wall, wall + DAY / 2, wall + DAY]) {
    const candidate = wall - offsetSeconds(near, timeZone) * 1000;
    if (candidate + offsetSeconds(candidate, timeZone) * 1000 === wall && (found === undefined || candidate < found)) found = candidate;
  }
  return found ?? wall - offsetSeconds(wall, timeZone) * 1000;
}

/**
 * A BCP 47 language tag Intl accepts (`id-ID`, `en`, `jv-ID`) that names a language: `und`
 * (`und-ID`, `und-Latn`) is accepted by Intl but has none for `<html lang>` or the feeds, and a
 * language subtag of five letters or more (`english`) is a name, not a code (ISO 639 codes have
 * two or three letters; no longer one is registered).
 */
export function isValidLocale(locale: string): boolean {
  try {
    new Intl.DateTimeFormat(locale);
    const language = new Intl.Locale(locale).language;
    return /^[a-z]{2,3}$/.test(language) && language !== "und";
  } catch {
    return false;
  }
}

/**
 * Whether Node has date names for `locale`. Without them (`ban-ID`, Balinese; a code no language
 * has, `xx-YY`) Intl prints dates in its default, English, while pages and feeds are marked with
 * the locale's language.
 */
export function hasDateNames(locale: string): boolean {
  return Intl.DateTimeFormat.supportedLocalesOf(locale).length > 0;
}

/** Indonesia's zones by the names newsrooms write (`WIB`), for a `timeZone:` written so. */
const INDONESIAN_ZONES: Readonly<Record<string, string>> = { WIB: "Asia/Jakarta", WITA: "Asia/Makassar", WIT: "Asia/Jayapura" };

/** What to write for a time zone written as a zone's short name (`WIB`) or as an offset (`+07:00`, `GMT+7`): `` or `: write …`. */
export function timeZoneHint(text: string): string {
  const t = text.trim();
  const named = INDONESIAN_ZONES[t.toUpperCase()];
  if (named) return `: write ${named}`;
  // `+07:00`, `GMT+7`, and `7` alone (a number of hours, quoted as YAML's error advised).
  const offset = /^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(t) ?? /^()(\d{1,2})()$/.exec(t);
  if (!offset) return "";
  const hours = Number(offset[2]);
  const fixed = !offset[3] || offset[3] === "00" ? (hours === 0 ? " (or UTC)" : ` (or Etc/GMT${offset[1] === "-" ? "+" : "-"}${hours} for ${offset[1] || "+"}${String(hours).padStart(2, "0")}:00 all year: its sign is reversed)`) : "";
  return `: write the zone of the city whose clocks the newsroom keeps, such as Asia/Jakarta or Europe/Berlin${fixed}`;
}

/**
 * The zone Intl reads a fixed-offset abbreviation as: `EST` → America/Panama, `MST` →
 * America/Phoenix, UTC-05:00 and -07:00 all year, where a newsroom writing them most likely keeps
 * New York's or Denver's clocks, which change. Undefined for every other name: `Region/City`
 * zones, UTC, abbreviations that follow their city's changes (`PST`, `CET`, `EST5EDT`) and old
 * names of cities (`Singapore`, `Japan`).
 */
export function abbreviatedZone(timeZone: string): string | undefined {
  if (!/^[A-Z]{3,4}$/.test(timeZone) || /^(UTC|GMT|UCT)$/.test(timeZone)) return undefined;
  const resolved = new Intl.DateTimeFormat("en-US", { timeZone }).resolvedOptions().timeZone;
  if (resolved === timeZone || !resolved.includes("/")) return undefined;
  return offsetsOf(timeZone).endsWith(" all year") ? resolved : undefined;
}

/**
 * `UTC-05:00 all year`, `UTC-08:00 (UTC-07:00 in part of the year)`: a zone's offsets, in 2024
 * (a message must not change with the clock, and these rules do not).
 */
export function offsetsOf(timeZone: string): string {
  const year = 2024;
  const text = (ms: number): string => {
    const p = machineParts(ms, timeZone);
    return `UTC${p.sign}${pad(p.offsetHours)}:${pad(p.offsetMinutes)}`;
  };
  const january = text(Date.UTC(year, 0, 15));
  const july = text(Date.UTC(year, 6, 15));
  return january === july ? `${january} all year` : `${january} (${july} in part of the year)`;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

const pad = (n: number, w = 2): string => String(Math.abs(n)).padStart(w, "0");

/** Wall-clock parts of `ms` in `timeZone`. */
export function wallParts(ms: number, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number; offset: number } {
  const offset = offsetSeconds(ms, timeZone);
  const d = new Date(ms + offset * 1000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), offset };
}

/** `2022-10-04T18:23:00+07:00`: RFC 3339 / W3C datetime with the site's offset. */
export function isoWithOffset(ms: number, timeZone: string): string {
  const p = machineParts(ms, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${p.sign}${pad(p.offsetHours)}:${pad(p.offsetMinutes)}`;
}

/**
 * Wall-clock parts for machine-readable dates, whose offsets are whole minutes (ISO 8601 as the
 * web uses it, RFC 822): in the site's zone, or in UTC when its offset then had seconds (a local
 * mean time), so the instant stays exact.
 */
function machineParts(ms: number, timeZone: string): ReturnType<typeof wallParts> & { sign: string; offsetHours: number; offsetMinutes: number } {
  let p = wallParts(ms, timeZone);
  if (p.offset % 60 !== 0) p = wallParts(ms, "UTC");
  const minutes = p.offset / 60;
  return { ...p, sign: minutes < 0 ? "-" : "+", offsetHours: Math.trunc(minutes / 60), offsetMinutes: minutes % 60 };
}

/** `2022-10-04` in the site's time zone. */
export function dayKey(ms: number, timeZone: string): string {
  const p = wallParts(ms, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** RFC 822 date for RSS, keeping the site offset: `Tue, 04 Oct 2022 18:23:00 +0700`. */
export function rfc822(ms: number, timeZone: string): string {
  const p = machineParts(ms, timeZone);
  const dow = new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay();
  return `${DAYS[dow]}, ${pad(p.day)} ${MONTHS[p.month - 1]} ${p.year} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)} ${p.sign}${pad(p.offsetHours)}${pad(p.offsetMinutes)}`;
}

const displayFormatters = new Map<string, DisplayFormat>();

/**
 * Printed dates are Gregorian with Latin digits whatever the locale asks for (`ja-JP-u-ca-japanese`,
 * `ar-EG`): the pattern `weekday, day month year` and the archive's URLs are made for that calendar.
 */
export const GREGORIAN = { calendar: "gregory", numberingSystem: "latn" } as const;

/**
 * The languages whose portals print `Selasa, 04 Oktober 2022, 18:23 WIB` (Indonesian, Malay).
 * Pasted into that pattern, other languages lose what Intl puts between the parts and their
 * order: `martes, 04 octubre 2022` (Spanish has `4 de octubre de 2022`), `Dienstag, 04 Oktober`
 * (German `4. Oktober`), `kedd, 04 október 2022` (Hungarian starts with the year). They print a
 * date as Intl writes it in full for their locale.
 */
const PORTAL_LANGUAGES = new Set(["id", "ms"]);

interface DisplayFormat {
  fmt: Intl.DateTimeFormat;
  /** Printed in the portal's pattern, from the parts. */
  portal: boolean;
}

function displayFormatter(locale: string, timeZone: string, withTime: boolean): DisplayFormat {
  const key = `${locale}|${timeZone}|${withTime}`;
  let found = displayFormatters.get(key);
  if (!found) {
    const options = {
      ...GREGORIAN, timeZone, weekday: "long", day: "2-digit", month: "long", year: "numeric",
      ...(withTime ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short" } : {}),
    } as Intl.DateTimeFormatOptions;
    const fmt = new Intl.DateTimeFormat(locale, options);
    if (!namedMonth(partsOf(fmt, 0))) {
      // Where the month is a number (`1月`), the day is one too, unpadded: `2024年1月2日`, not `1月02日`.
      found = { fmt: new Intl.DateTimeFormat(locale, { ...options, day: "numeric" }), portal: false };
    } else if (PORTAL_LANGUAGES.has(new Intl.Locale(locale).language)) {
      found = { fmt, portal: true };
    } else {
      const own: Intl.DateTimeFormatOptions = { ...GREGORIAN, timeZone, weekday: "long", day: "numeric", month: "long", year: "numeric", ...(withTime ? { hour: "numeric", minute: "2-digit", timeZoneName: "short" } : {}) };
      found = { fmt: new Intl.DateTimeFormat(locale, own), portal: false };
    }
    displayFormatters.set(key, found);
  }
  return found;
}

/**
 * `Selasa, 04 Oktober 2022, 18:23 WIB`: the way Indonesian portals print a date; in other
 * languages, Intl's full date and time for the locale (`Tuesday, October 4, 2022 at 6:23 PM
 * GMT+7`). Memoized: Intl's formatToParts costs ~5 µs, and pages show the same dates again and again.
 */
export const formatDateTime = memoize((ms: number, locale: string, timeZone: string): string => {
  const { fmt, portal } = displayFormatter(locale, timeZone, true);
  if (!portal) return fmt.format(ms);
  const p = partsOf(fmt, ms);
  return `${p.weekday}, ${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute} ${p.timeZoneName}`;
}, (ms, locale, timeZone) => `${ms}|${locale}|${timeZone}`, 200_000);

/** `Selasa, 04 Oktober 2022`; in other languages, Intl's full date for the locale. */
export function formatDate(ms: number, locale: string, timeZone: string): string {
  const { fmt, portal } = displayFormatter(locale, timeZone, false);
  if (!portal) return fmt.format(ms);
  const p = partsOf(fmt, ms);
  return `${p.weekday}, ${p.day} ${p.month} ${p.year}`;
}

/** The parts of `ms` as `fmt` writes them, by type (`weekday`, `day`, `month`…). */
function partsOf(fmt: Intl.DateTimeFormat, ms: number): Record<string, string> {
  const p: Record<string, string> = {};
  for (const { type, value } of fmt.formatToParts(ms)) p[type] = value;
  return p;
}

/** A date as pages print it: with its time, or the day alone for a date written without one. */
export const displayDate = (ms: number, dayOnly: boolean | undefined, locale: string, timeZone: string): string => (dayOnly ? formatDate : formatDateTime)(ms, locale, timeZone);

/**
 * The portal's pattern needs months with names (`Oktober`, `October`). Where the locale writes
 * the month as a number with units around it (`2024年6月11日`, `2024년 6월`), the units are
 * not parts and the pattern would lose them: such locales print dates their own way.
 */
const namedMonth = (parts: Record<string, string>): boolean => !/\d/.test(parts.month ?? "");
