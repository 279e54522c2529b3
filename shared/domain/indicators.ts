import { z } from 'zod';
import { INDICATOR_TYPES, type IndicatorType } from './records';

/**
 * Indicators typed in by hand, and the matches of a case's indicators against
 * its events, entities and alerts (electron/core/indicators/).
 */

/** The indicator types the matcher looks for in text; the others (mutex, registry, user agent, other) are kept but not matched. */
export const MATCHED_INDICATOR_TYPES = [
  'ipv4',
  'ipv6',
  'domain',
  'url',
  'md5',
  'sha1',
  'sha256',
  'sha512',
  'email',
  'filename',
] as const satisfies readonly IndicatorType[];

const HEX = (n: number) => new RegExp(`^[0-9a-f]{${n}}$`, 'i');
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9a-f:.]{2,45}$/i;
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/i;
const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\/[^\s/?#]+\S*$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const FILENAME = /^[^\\/:*?"<>|\s][^\\/:*?"<>|]*$/;

/** Why a value is not a valid indicator of that type, or null when it is. */
export function indicatorValueProblem(type: IndicatorType, value: string): string | null {
  const v = value.trim();
  if (v === '') return 'the value is empty';
  if (/\s/.test(v) && type !== 'filename' && type !== 'user-agent' && type !== 'other' && type !== 'registry' && type !== 'mutex') {
    return 'the value holds a space';
  }
  switch (type) {
    case 'ipv4':
      return IPV4.test(v.replace(/\/([12]?\d|3[0-2])$/, ''))
        ? null
        : 'not an IPv4 address (four numbers 0-255 separated by dots, or a range such as 10.0.0.0/8)';
    case 'ipv6':
      return IPV6.test(v) && v.includes(':') && (v.match(/::/g)?.length ?? 0) <= 1 ? null : 'not an IPv6 address';
    case 'domain':
      return DOMAIN.test(v.replace(/\.$/, '')) ? null : 'not a domain name (such as evil.example.com)';
    case 'url':
      return URL_LIKE.test(v) ? null : 'not a URL (scheme://host/...)';
    case 'md5':
      return HEX(32).test(v) ? null : 'an MD5 hash is 32 hexadecimal digits';
    case 'sha1':
      return HEX(40).test(v) ? null : 'a SHA-1 hash is 40 hexadecimal digits';
    case 'sha256':
      return HEX(64).test(v) ? null : 'a SHA-256 hash is 64 hexadecimal digits';
    case 'sha512':
      return HEX(128).test(v) ? null : 'a SHA-512 hash is 128 hexadecimal digits';
    case 'email':
      return EMAIL.test(v) ? null : 'not an e-mail address (name@domain)';
    case 'filename':
      return FILENAME.test(v) ? null : 'a file name has no folder and none of \\ / : * ? " < > |';
    default:
      return v.length > 2048 ? 'the value is longer than 2048 characters' : null;
  }
}

export const indicatorAddSchema = z
  .object({
    caseId: z.string().uuid('not a case id'),
    type: z.enum(INDICATOR_TYPES),
    value: z.string().trim().min(1, 'the value is empty').max(2048, 'the value is longer than 2048 characters'),
    description: z.string().max(10_000).default(''),
    tlp: z.string().max(40).nullable().default(null),
  })
  .strict()
  .superRefine((input, ctx) => {
    const problem = indicatorValueProblem(input.type, input.value);
    if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: `${input.type} "${input.value}": ${problem}` });
  });

/** Where an indicator was found. */
export type MatchPlace = 'event' | 'entity' | 'alert';

export interface IndicatorMatch {
  indicatorId: string;
  /** The indicator's type and value, so a list needs no lookup. */
  type: IndicatorType;
  indicator: string;
  /** The text as it was found (a subdomain for a domain indicator, the address as the event wrote it). */
  value: string;
  place: MatchPlace;
  /** The event's id in the timeline store (place 'event'). */
  eventId: number | null;
  /** The event's time, microseconds since the epoch (place 'event'). */
  time: number | null;
  /** Which part of the event held it: message, attributes, host or user. */
  field: string | null;
  entityId: string | null;
  alertId: string | null;
}

/** One matching run: what it compared and what it found. */
export interface MatchRunSummary {
  id: string;
  at: string;
  actor: string;
  /** What started it: an import, an indicator typed in, or a request (matches.run). */
  trigger: 'import' | 'indicator-added' | 'request';
  indicators: number;
  events: number;
  entities: number;
  alerts: number;
  /** Every match found, before the stored list's limits. */
  total: number;
  /** Matches found per indicator id (complete, also when the list is cut). */
  perIndicator: Record<string, number>;
  /** True when the stored list holds fewer matches than were found (see MATCH_LIMITS). */
  truncated: boolean;
  ms: number;
}

export interface MatchList {
  /** Null when the case's indicators were never matched. */
  run: MatchRunSummary | null;
  matches: IndicatorMatch[];
}

/** How many matches a run keeps in its list: events per indicator, and all in all (counts stay complete). */
export const MATCH_LIMITS = { eventsPerIndicator: 1_000, total: 50_000 } as const;
