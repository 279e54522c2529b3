import { INDICATOR_TYPES, type IndicatorType } from '../../../shared/domain/records';
import type { IndicatorMatch } from '../../../shared/domain/indicators';

export const TYPE_LABELS: Record<IndicatorType, string> = {
  ipv4: 'IPv4 address',
  ipv6: 'IPv6 address',
  domain: 'Domain',
  url: 'URL',
  md5: 'MD5',
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  sha512: 'SHA-512',
  email: 'E-mail address',
  filename: 'File name',
  mutex: 'Mutex',
  registry: 'Registry key',
  'user-agent': 'User agent',
  other: 'Other',
};

export const TYPE_OPTIONS = INDICATOR_TYPES.map((value) => ({ value, label: TYPE_LABELS[value] }));

export const PLACE_LABELS: Record<IndicatorMatch['place'], string> = { event: 'Event', entity: 'Entity', alert: 'Alert' };

/** Rows a list shows at most; past it, the analyst narrows the filter. */
export const SHOWN_ROWS = 1_000;
