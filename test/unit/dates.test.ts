import { describe, expect, it } from "vitest";
import { dayKey, formatDate, formatDateTime, isoWithOffset, parseIsoDate, rfc822 } from "../../src/util/dates.ts";
import { articleCount, DEFAULT_STRINGS } from "../../src/render/strings.ts";

const JKT = "Asia/Jakarta";
const display = (text: string, tz = JKT): string => {
  const r = parseIsoDate(text, tz);
  if (!r.ok) throw new Error(r.message);
  return formatDateTime(r.ms, "id-ID", tz);
};

describe("portal date format", () => {
  it.each([
    ["2022-10-04T18:23:00+07:00", "Selasa, 04 Oktober 2022, 18:23 WIB"],
    ["2021-12-31T20:00:00Z", "Sabtu, 01 Januari 2022, 03:00 WIB"],
    ["2023-03-07 08:05", "Selasa, 07 Maret 2023, 08:05 WIB"],
    ["2024-02-29T23:30:00-05:00", "Jumat, 01 Maret 2024, 11:30 WIB"],
    ["2024-03-01", "Jumat, 01 Maret 2024, 00:00 WIB"],
    // ISO 8601's offset in hours alone (a CMS export writes `+07`), and without the colon.
    ["2022-10-04T18:23:00+07", "Selasa, 04 Oktober 2022, 18:23 WIB"],
    ["2022-10-04T11:23:00-00", "Selasa, 04 Oktober 2022, 18:23 WIB"],
    ["2022-10-04 19:23+0800", "Selasa, 04 Oktober 2022, 18:23 WIB"],
  ])("%s → %s", (input, expected) => {
    expect(display(input)).toBe(expected);
  });

  it("uses the site's time zone and locale when configured", () => {
    const r = parseIsoDate("2022-10-04T18:23:00+07:00", "Asia/Makassar");
    expect(r.ok && formatDateTime(r.ms, "id-ID", "Asia/Makassar")).toBe("Selasa, 04 Oktober 2022, 19:23 WITA");
  });

  it("prints dates in locales that write months as numbers their own way, units kept", () => {
    const r = parseIsoDate("2024-06-11T23:30:00+07:00", JKT);
    const ms = r.ok ? r.ms : NaN;
    expect(formatDateTime(ms, "en-US", JKT)).toBe("Tuesday, June 11, 2024 at 11:30 PM GMT+7");
    for (const [locale, parts] of [["ja-JP", ["2024年", "6月", "11日", "23:30"]], ["zh-CN", ["2024年", "6月", "11日", "23:30"]], ["ko-KR", ["2024년", "6월", "11일", "23:30"]], ["ja-JP-u-ca-japanese", ["2024年", "6月"]]] as const) {
      const text = formatDateTime(ms, locale, JKT);
      for (const part of parts) expect(text, locale).toContain(part);
      expect(formatDate(ms, locale, JKT), locale).toContain(parts[1]);
    }
  });
});

describe("dates in other languages", () => {
  const ms = Date.UTC(2022, 9, 4, 11, 23); // 18:23 in Jakarta

  it("Malay keeps the portal's pattern; other languages print Intl's own full date, with its words and order", () => {
    expect(formatDateTime(ms, "ms-MY", JKT)).toMatch(/^Selasa, 04 Oktober 2022, 18:23 /);
    expect(formatDateTime(ms, "de-DE", JKT)).toMatch(/^Dienstag, 4\. Oktober 2022 um 18:23 /);
    expect(formatDate(ms, "es-ES", JKT)).toBe("martes, 4 de octubre de 2022");
    expect(formatDate(ms, "hu-HU", JKT)).toBe("2022. október 4., kedd");
    expect(formatDate(ms, "he-IL", JKT)).toContain("4 באוקטובר 2022");
    // Arabic's own comma, and Latin digits.
    expect(formatDate(ms, "ar-EG", JKT)).toMatch(/^الثلاثاء، 4 أكتوبر 2022$/);
    expect(formatDateTime(ms, "en-GB", JKT)).toBe("Tuesday, 4 October 2022 at 18:23 GMT+7");
  });
});

describe("article counts", () => {
  const en = { article: "article", articles: "articles" };
  it("take the locale's plural form and digit grouping", () => {
    expect([1, 2, 12345].map((n) => articleCount(n, "en-US", en))).toEqual(["1 article", "2 articles", "12,345 articles"]);
    expect([1, 12345].map((n) => articleCount(n, "id-ID", DEFAULT_STRINGS))).toEqual(["1 berita", "12.345 berita"]);
    // A site that sets only `articles` keeps it for one too.
    expect(articleCount(1, "en-US", { articles: "stories" })).toBe("1 stories");
  });
});

describe("strict parsing", () => {
  it.each(["2024-02-30", "2022-13-45", "2023-02-29", "2024-04-31", "01/03/2024", "yesterday", "", "20240301", "2024-03-01T25:00", "2024-03-01T10:60", "2024-03-01T10:00+7", "2024-03-01T10:00+07:0", "2024-03-01T10:00+15"])(
    "%j is an error, never rolled over",
    (input) => {
      expect(parseIsoDate(input, JKT).ok).toBe(false);
    },
  );

  it("reads a zone-less time as wall-clock time in the site time zone", () => {
    const r = parseIsoDate("2024-03-01 00:30", JKT);
    expect(r.ok && isoWithOffset(r.ms, JKT)).toBe("2024-03-01T00:30:00+07:00");
    const k = parseIsoDate("2024-03-01", "Asia/Kathmandu");
    expect(k.ok && isoWithOffset(k.ms, "Asia/Kathmandu")).toBe("2024-03-01T00:00:00+05:45");
  });

  it("refuses a wall-clock time the clocks skip; a date alone starts at the day's first moment", () => {
    const gap = parseIsoDate("2024-03-31 02:30", "Europe/Berlin");
    expect(gap).toEqual({ ok: false, message: '"2024-03-31 02:30" does not exist in Europe/Berlin: the clocks skip that time' });
    const before = parseIsoDate("2024-03-31 01:59", "Europe/Berlin");
    expect(before.ok && isoWithOffset(before.ms, "Europe/Berlin")).toBe("2024-03-31T01:59:00+01:00");
    const after = parseIsoDate("2024-03-31 03:00", "Europe/Berlin");
    expect(after.ok && isoWithOffset(after.ms, "Europe/Berlin")).toBe("2024-03-31T03:00:00+02:00");
    // Santiago skips midnight: the day still has a first moment.
    const day = parseIsoDate("2024-09-08", "America/Santiago");
    expect(day.ok && isoWithOffset(day.ms, "America/Santiago")).toBe("2024-09-08T01:00:00-03:00");
    expect(parseIsoDate("2024-09-08 00:30", "America/Santiago").ok).toBe(false);
  });

  it("refuses a date alone on a day the clocks skip whole (it never becomes the next day)", () => {
    expect(parseIsoDate("2011-12-30", "Pacific/Apia")).toEqual({ ok: false, message: '"2011-12-30" does not exist in Pacific/Apia: the clocks skip that whole day' });
    expect(parseIsoDate("1994-12-31", "Pacific/Kiritimati")).toEqual({ ok: false, message: '"1994-12-31" does not exist in Pacific/Kiritimati: the clocks skip that whole day' });
    // The days either side exist.
    const before = parseIsoDate("2011-12-29", "Pacific/Apia");
    expect(before.ok && isoWithOffset(before.ms, "Pacific/Apia")).toBe("2011-12-29T00:00:00-10:00");
    const after = parseIsoDate("2011-12-31", "Pacific/Apia");
    expect(after.ok && isoWithOffset(after.ms, "Pacific/Apia")).toBe("2011-12-31T00:00:00+14:00");
  });

  it("takes a wall time the clocks pass twice as its first occurrence, in zones east and west of UTC alike", () => {
    const at = (text: string, zone: string): string => {
      const r = parseIsoDate(text, zone);
      return r.ok ? isoWithOffset(r.ms, zone) : r.message;
    };
    expect(at("2024-10-27 02:30", "Europe/Berlin")).toBe("2024-10-27T02:30:00+02:00");
    expect(at("2024-04-07 02:30", "Australia/Sydney")).toBe("2024-04-07T02:30:00+11:00");
    expect(at("2024-11-03 01:30", "America/New_York")).toBe("2024-11-03T01:30:00-04:00");
    expect(at("2024-11-03 01:30", "America/St_Johns")).toBe("2024-11-03T01:30:00-02:30");
    // Not near a change: as always.
    expect(at("2024-07-01 12:00", "Europe/Berlin")).toBe("2024-07-01T12:00:00+02:00");
    // Summer offsets of 13 h and more falling back (half a day either side of the wall time missed them).
    expect(at("2024-04-07 02:30", "Pacific/Auckland")).toBe("2024-04-07T02:30:00+13:00");
    expect(at("2024-04-07 02:50", "Pacific/Chatham")).toBe("2024-04-07T02:50:00+13:45");
    expect(at("2021-04-04 03:30", "Pacific/Apia")).toBe("2021-04-04T03:30:00+14:00");
    expect(at("2017-01-15 02:30", "Pacific/Tongatapu")).toBe("2017-01-15T02:30:00+14:00");
  });

  it("prints the day written in zones whose offset then had seconds (local mean time), and machine dates in UTC then", () => {
    for (const [text, zone, printed] of [
      ["1910-01-01", "America/Sao_Paulo", "Saturday, 1 January 1910"],
      ["1971-06-01", "Africa/Monrovia", "Tuesday, 1 June 1971"],
      ["1000-01-01", "America/New_York", "Wednesday, 1 January 1000"],
    ] as const) {
      const r = parseIsoDate(text, zone);
      expect(r.ok && formatDate(r.ms, "en-GB", zone), zone).toBe(printed);
      expect(r.ok && dayKey(r.ms, zone), zone).toBe(text);
    }
    const monrovia = parseIsoDate("1971-06-01", "Africa/Monrovia");
    expect(monrovia.ok && isoWithOffset(monrovia.ms, "Africa/Monrovia")).toBe("1971-06-01T00:44:30+00:00");
    expect(monrovia.ok && rfc822(monrovia.ms, "Africa/Monrovia")).toBe("Tue, 01 Jun 1971 00:44:30 +0000");
  });

  it("refuses an offset after a day alone (it names no instant)", () => {
    for (const text of ["2024-05-01+09:00", "2024-05-01Z", "2024-05-01 -05:00"]) expect(parseIsoDate(text, "Asia/Jakarta").ok, text).toBe(false);
    expect(parseIsoDate("2024-05-01T00:00+09:00", "Asia/Jakarta").ok).toBe(true);
  });

  it("gives the same day everywhere for the same instant", () => {
    for (const text of ["2024-03-01", "2024-03-01 00:30", "2024-03-01T00:30:00+07:00", "2024-02-29T23:30:00-05:00"]) {
      const r = parseIsoDate(text, JKT);
      expect(r.ok && dayKey(r.ms, JKT)).toBe("2024-03-01");
    }
  });

  it("formats RFC 822 with the site offset", () => {
    const r = parseIsoDate("2022-10-04T18:23:00+07:00", JKT);
    expect(r.ok && rfc822(r.ms, JKT)).toBe("Tue, 04 Oct 2022 18:23:00 +0700");
  });
});
