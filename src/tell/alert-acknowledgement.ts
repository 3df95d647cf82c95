/** Who has an alert: stored with its open card, shown on it, on its reminders and on its recovery. */
export interface Acknowledgement {
  /** Display name, as Teams sent it. */
  by: string;
  /** The Entra object id of who acknowledged, when the channel sent one. */
  aadObjectId?: string;
  /** ISO time, from the injected clock. */
  at: string;
}

/** "14:05 UTC" today, "2026-12-03 14:05 UTC" on another day (dates and times in cards are UTC). */
export function utcTime(at: Date, now: Date): string {
  const iso = at.toISOString();
  return iso.slice(0, 10) === now.toISOString().slice(0, 10) ? `${iso.slice(11, 16)} UTC` : `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** "Acknowledged by Ada at 03:12 UTC"; `name` escapes the name for markdown on cards. */
export function acknowledgedText(acknowledged: { by: string; at: Date }, now: Date, name: (s: string) => string = (s) => s): string {
  return `Acknowledged by ${name(acknowledged.by)} at ${utcTime(acknowledged.at, now)}`;
}

/** ", acknowledged by Ada" after a recovery's duration, when someone had the alert. */
export function acknowledgedBySuffix(acknowledgedBy: string | undefined): string {
  return acknowledgedBy ? `, acknowledged by ${acknowledgedBy}` : '';
}
