/**
 * Times are stored as UTC epoch milliseconds and shown in the site's time zone.
 * Formatters are costly to build, so one per zone is kept.
 */
interface ZoneFormatters {
  parts: Intl.DateTimeFormat;
}

const cache = new Map<string, ZoneFormatters>();

function formatters(timeZone: string): ZoneFormatters {
  let f = cache.get(timeZone);
  if (!f) {
    f = {
      parts: new Intl.DateTimeFormat('en-US', {
        timeZone,
        year: 'numeric',
        month: 'long',
        day: 'numeric',
        weekday: 'long',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }),
    };
    cache.set(timeZone, f);
  }
  return f;
}

export interface LocalParts {
  year: number;
  month: number; // 1..12
  day: number;
  monthName: string;
  weekday: string;
  hour: string;
  minute: string;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export function localParts(ms: number, timeZone: string): LocalParts {
  const out: Record<string, string> = {};
  for (const p of formatters(timeZone).parts.formatToParts(ms)) out[p.type] = p.value;
  const monthName = out.month ?? '';
  return {
    year: Number(out.year),
    month: MONTHS.indexOf(monthName) + 1,
    day: Number(out.day),
    monthName,
    weekday: out.weekday ?? '',
    hour: out.hour ?? '00',
    minute: out.minute ?? '00',
  };
}

// Listings show the same few hundred minutes again and again; formatting is the costly part.
const dateLineMemo = new Map<string, string>();

/** `October 18, 2024, Friday // 15:07` in the given zone. */
export function formatDateLine(ms: number, timeZone: string): string {
  const key = `${timeZone}|${Math.floor(ms / 60_000)}`;
  let s = dateLineMemo.get(key);
  if (s === undefined) {
    const p = localParts(ms, timeZone);
    s = `${p.monthName} ${p.day}, ${p.year}, ${p.weekday} // ${p.hour}:${p.minute}`;
    if (dateLineMemo.size >= 10_000) dateLineMemo.clear();
    dateLineMemo.set(key, s);
  }
  return s;
}

/** `October 18, 2024` in the given zone. */
export function formatDay(ms: number, timeZone: string): string {
  const p = localParts(ms, timeZone);
  return `${p.monthName} ${p.day}, ${p.year}`;
}

export function monthName(month: number): string {
  return MONTHS[month - 1] ?? '';
}

/** Offset of the zone from UTC at an instant, in milliseconds (positive east of Greenwich). */
function zoneOffset(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, Number(p.hour), Number(p.minute));
  const floored = Math.floor(ms / 60_000) * 60_000;
  return asUtc - floored;
}

/** The UTC instant of a wall-clock time in the zone. */
export function localToUtc(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  timeZone: string,
): number {
  const guess = Date.UTC(year, month - 1, day, hour, minute, second);
  let t = guess - zoneOffset(guess, timeZone);
  // A second pass settles times where the offset changes between the guess and the answer.
  t = guess - zoneOffset(t, timeZone);
  return t;
}

/** The UTC instant of local midnight starting the given calendar day in the zone. */
export function startOfLocalDay(year: number, month: number, day: number, timeZone: string): number {
  return localToUtc(year, month, day, 0, 0, 0, timeZone);
}

/** [start, end) in UTC ms of a local calendar day or month. */
export function localDayRange(year: number, month: number, day: number, timeZone: string): [number, number] {
  const next = new Date(Date.UTC(year, month - 1, day + 1));
  return [
    startOfLocalDay(year, month, day, timeZone),
    startOfLocalDay(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), timeZone),
  ];
}

export function localMonthRange(year: number, month: number, timeZone: string): [number, number] {
  const next = new Date(Date.UTC(year, month, 1));
  return [
    startOfLocalDay(year, month, 1, timeZone),
    startOfLocalDay(next.getUTCFullYear(), next.getUTCMonth() + 1, 1, timeZone),
  ];
}

/** Whether y-m-d is a real calendar date. */
export function isValidDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || year < 1900 || year > 2200) return false;
  if (!Number.isInteger(month) || month < 1 || month > 12) return false;
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

export function isoDate(ms: number): string {
  return new Date(ms).toISOString();
}

/** `ms` as a datetime-local input's value in the zone: "YYYY-MM-DDTHH:MM" (minute precision). */
export function localDateTimeValue(ms: number, timeZone: string): string {
  const p = localParts(ms, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)}T${p.hour.padStart(2, '0')}:${p.minute.padStart(2, '0')}`;
}

/**
 * "YYYY-MM-DDTHH:MM[:SS]" (what a datetime-local input sends) read as a wall-clock time in the
 * zone, in UTC milliseconds; undefined when it is not such a time or names no real date.
 */
export function parseLocalDateTime(raw: string, timeZone: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(raw);
  if (!m) return undefined;
  const [y, mo, d, h, mi, sec] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x))) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (!isValidDate(y, mo, d) || h > 23 || mi > 59 || sec > 59) return undefined;
  return localToUtc(y, mo, d, h, mi, sec, timeZone);
}
