/**
 * A readable message for each common Zeek log, built from a record whatever
 * its spelling (TSV and Zeek's JSON write `id.orig_h`, log pipelines often
 * `id_orig_h`). Addresses, hosts, URLs and hashes are written out in the
 * message so that entity extraction finds them.
 */

import type { Fields } from '../json-fields';

/** A field's value by its Zeek name, or by the same name with dots as underscores. */
export function get(row: Fields, name: string): unknown {
  const v = row[name];
  if (v !== undefined && v !== null) return v;
  const alt = row[name.replaceAll('.', '_')];
  return alt === null ? undefined : alt;
}

/** A value as message text: lists joined by ', ', nothing for unset. */
export function say(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.map(say).filter(Boolean).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

const s = (row: Fields, name: string) => say(get(row, name));

function endpoint(host: string, port: string): string {
  if (!host) return '?';
  const h = host.includes(':') ? `[${host}]` : host; // IPv6
  return port ? `${h}:${port}` : h;
}

/** 'orig:port → resp:port', from the conn id of any log that has one; '' when it has none. */
function flow(row: Fields): string {
  const orig = s(row, 'id.orig_h');
  const resp = s(row, 'id.resp_h');
  if (!orig && !resp) return '';
  return `${endpoint(orig, s(row, 'id.orig_p'))} → ${endpoint(resp, s(row, 'id.resp_p'))}`;
}

const join = (...parts: string[]) => parts.filter(Boolean).join(' ');

function conn(row: Fields): string {
  const sent = s(row, 'orig_bytes');
  const received = s(row, 'resp_bytes');
  const bytes = sent || received ? `${sent || 0} B sent, ${received || 0} B received` : '';
  const state = s(row, 'conn_state');
  return join(s(row, 'proto'), flow(row), s(row, 'service'), bytes && `(${bytes}${state ? `, ${state}` : ''})`, !bytes && state ? `(${state})` : '');
}

function httpUrl(row: Fields): string {
  const uri = s(row, 'uri');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(uri)) return uri; // a proxy request carries the whole URL
  const host = s(row, 'host') || s(row, 'id.resp_h');
  if (!host) return uri;
  const port = s(row, 'id.resp_p');
  const withPort = port && port !== '80' && !/:\d+$/.test(host) && !host.includes(']') ? `${host}:${port}` : host;
  return `http://${withPort}${uri.startsWith('/') || !uri ? uri : `/${uri}`}`;
}

function http(row: Fields): string {
  const status = join(s(row, 'status_code'), s(row, 'status_msg'));
  const where = flow(row);
  return join(s(row, 'method') || '-', httpUrl(row), status && `→ ${status}`) + (where ? `; ${where}` : '');
}

function dns(row: Fields): string {
  const answers = s(row, 'answers');
  const rcode = s(row, 'rcode_name') || s(row, 'rcode');
  const where = flow(row);
  return join(s(row, 'query') || '(no query)', s(row, 'qtype_name'), '→', answers || 'no answer', rcode && `(${rcode})`) + (where ? `; ${where}` : '');
}

function files(row: Fields): string {
  const name = s(row, 'filename') || s(row, 'fuid');
  const size = s(row, 'seen_bytes') || s(row, 'total_bytes');
  const what = [s(row, 'mime_type'), size && `${size} bytes`].filter(Boolean).join(', ');
  const via = s(row, 'source');
  // Zeek 5+ names the connection (id.*) instead of the tx/rx host lists.
  const hosts = s(row, 'tx_hosts') || s(row, 'rx_hosts') ? `${s(row, 'tx_hosts') || '?'} → ${s(row, 'rx_hosts') || '?'}` : flow(row);
  const hashes = ['md5', 'sha1', 'sha256']
    .map((h) => (s(row, h) ? `${h} ${s(row, h)}` : ''))
    .filter(Boolean)
    .join(' ');
  return join(`file ${name}`, what && `(${what})`, via && `via ${via}`, hosts && `${hosts}`) + (hashes ? `; ${hashes}` : '');
}

function notice(row: Fields): string {
  const src = s(row, 'src') || s(row, 'id.orig_h');
  const dst = s(row, 'dst') || s(row, 'id.resp_h');
  const port = s(row, 'p') || s(row, 'id.resp_p');
  const sub = s(row, 'sub');
  const where = src || dst ? `${src || '?'} → ${endpoint(dst, port)}` : '';
  return `${s(row, 'note') || 'notice'}: ${s(row, 'msg')}${sub ? ` (${sub})` : ''}${where ? `; ${where}` : ''}`;
}

function x509(row: Fields): string {
  const issuer = s(row, 'certificate.issuer');
  const serial = s(row, 'certificate.serial');
  const sans = s(row, 'san.dns');
  return join(
    `certificate ${s(row, 'certificate.subject') || s(row, 'fingerprint') || s(row, 'id')}`,
    issuer && `issued by ${issuer}`,
    serial && `serial ${serial}`,
    sans && `for ${sans}`,
  );
}

function ssl(row: Fields): string {
  const established = get(row, 'established');
  return join(s(row, 'version') || 'TLS', s(row, 'server_name'), flow(row), established === 'false' || established === false ? '(not established)' : '');
}

/** Fields not worth a place in a fallback message: times, the log's own bookkeeping. */
const SKIP = /^(ts|_path|_write_ts|@.*|uid|id[._](orig|resp)_[hp])$/;

/** Any other log: its path, its flow, then its first few fields. */
function fallback(row: Fields, path: string): string {
  const parts: string[] = [];
  let length = 0;
  for (const key in row) {
    if (SKIP.test(key)) continue;
    const v = say(row[key]);
    if (!v || v.length > 200) continue;
    const part = `${key}: ${v}`;
    if (length + part.length > 300) break;
    parts.push(part);
    length += part.length + 2;
  }
  const where = flow(row);
  return `${path || 'zeek'}${where ? ` ${where}` : ''}${parts.length ? ` — ${parts.join('; ')}` : ''}`;
}

const BY_PATH: Record<string, (row: Fields) => string> = { conn, http, dns, files, notice, x509, ssl };

export function zeekMessage(path: string, row: Fields): string {
  const build = BY_PATH[path];
  return build ? build(row) : fallback(row, path);
}

export const TIME_DESCRIPTIONS: Record<string, string> = {
  conn: 'Connection Start',
  http: 'HTTP Request',
  dns: 'DNS Query',
  files: 'File Seen',
  notice: 'Notice Raised',
  x509: 'Certificate Seen',
  ssl: 'TLS Handshake',
};

/**
 * The log a record comes from when the file does not say (JSON without
 * `_path` or `@stream`): told by the fields only that log has.
 */
export function guessPath(row: Fields): string {
  const has = (name: string) => get(row, name) !== undefined;
  if (has('conn_state') || has('history')) return 'conn';
  if (has('method') || has('status_code')) return 'http';
  if (has('qtype_name') || has('query')) return 'dns';
  if (has('fuid') && (has('mime_type') || has('seen_bytes') || has('tx_hosts'))) return 'files';
  if (has('note')) return 'notice';
  if (has('certificate.subject') || has('certificate.serial')) return 'x509';
  if (has('server_name') || has('cipher')) return 'ssl';
  return '';
}
