/** Longest id accepted: 15 digits stay below Number.MAX_SAFE_INTEGER, so every one converts exactly. */
const ID = /^[0-9]{1,15}$/;

/**
 * The id a reconnecting reader last received (the `Last-Event-ID` header, or `?since=`), or
 * undefined when there is none or it is not one of ours: the stream then starts from now, as for
 * a new reader. Ids are milliseconds since the epoch; anything but plain digits is refused, so
 * signs, exponents, spaces and arrays (a repeated query parameter) never reach the database.
 */
export function parseLastEventId(raw: unknown): number | undefined {
  if (typeof raw !== 'string' || !ID.test(raw)) return undefined;
  return Number(raw);
}
