import type { Fields } from '../json-fields';

/**
 * A readable message for each Suricata EVE event type, from its flattened
 * fields (`alert.signature`, `dns.rrname`...). Addresses, host names, URLs
 * and hashes are written out so that entity extraction finds them.
 */

function say(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.map(say).filter(Boolean).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

const join = (...parts: string[]) => parts.filter(Boolean).join(' ');

function endpoint(ip: string, port: string): string {
  const host = ip.includes(':') ? `[${ip}]` : ip; // IPv6
  return port ? `${host}:${port}` : host;
}

function flow(row: Fields): string {
  const src = say(row.src_ip);
  const dst = say(row.dest_ip);
  if (!src && !dst) return '';
  return join(say(row.proto), `${endpoint(src || '?', say(row.src_port))} → ${endpoint(dst || '?', say(row.dest_port))}`);
}

/** '; flow' after a message that has one. */
const where = (row: Fields) => (flow(row) ? `; ${flow(row)}` : '');

function alert(row: Fields): string {
  const id = [row['alert.gid'], row['alert.signature_id'], row['alert.rev']].map(say).join(':');
  const category = say(row['alert.category']);
  const severity = say(row['alert.severity']);
  const action = say(row['alert.action']);
  return (
    join(
      `alert: ${say(row['alert.signature']) || '(no signature)'}`,
      id !== '::' ? `[${id}]` : '',
      severity && `severity ${severity}`,
      category && `(${category})`,
    ) +
    where(row) +
    (action ? ` (${action})` : '')
  );
}

function flowEvent(row: Fields): string {
  const pkts = `${say(row['flow.pkts_toserver']) || 0}/${say(row['flow.pkts_toclient']) || 0} packets`;
  const bytes = `${say(row['flow.bytes_toserver']) || 0}/${say(row['flow.bytes_toclient']) || 0} bytes`;
  const state = join(say(row['flow.state']), say(row['flow.reason']) && `(${say(row['flow.reason'])})`);
  return join('flow', flow(row), say(row.app_proto)) + `: ${pkts}, ${bytes}${state ? `, ${state}` : ''}`;
}

/** Queries and answers in EVE v2 (`dns.rrname`, `dns.answers`, `dns.grouped`) and v3 (`dns.queries`). */
function dns(row: Fields): string {
  const queries = row['dns.queries'];
  const first = Array.isArray(queries) && queries[0] && typeof queries[0] === 'object' ? (queries[0] as Fields) : {};
  const name = say(row['dns.rrname']) || say(first.rrname);
  const type = say(row['dns.rrtype']) || say(first.rrtype);
  const answers = row['dns.answers'];
  const rdata = Array.isArray(answers)
    ? answers.map((a) => (a && typeof a === 'object' ? say((a as Fields).rdata) : say(a))).filter(Boolean)
    : Object.keys(row)
        .filter((k) => k.startsWith('dns.grouped.'))
        .map((k) => say(row[k]));
  const kind = say(row['dns.type']);
  const rcode = say(row['dns.rcode']);
  const answer = kind === 'answer' || rdata.length ? `→ ${rdata.join(', ') || 'no answer'}${rcode ? ` (${rcode})` : ''}` : '';
  return join(`dns ${kind || 'query'}`, name, type, answer) + where(row);
}

function dhcp(row: Fields): string {
  const kind = say(row['dhcp.dhcp_type']) || say(row['dhcp.type']);
  const assigned = say(row['dhcp.assigned_ip']);
  const host = say(row['dhcp.hostname']);
  return join(`dhcp ${kind}`, say(row['dhcp.client_mac']), host && `(${host})`, assigned && assigned !== '0.0.0.0' ? `assigned ${assigned}` : '') + where(row);
}

function http(row: Fields): string {
  const host = say(row['http.hostname']);
  const url = say(row['http.url']);
  const port = say(row['http.http_port']) || say(row.dest_port);
  const full = /^[a-z]+:\/\//i.test(url) ? url : host ? `http://${host}${port && port !== '80' ? `:${port}` : ''}${url}` : url;
  const status = say(row['http.status']);
  return (
    join(say(row['http.http_method']) || '-', full, status && `→ ${status}`, say(row['http.http_user_agent']) && `"${say(row['http.http_user_agent'])}"`) +
    where(row)
  );
}

function tls(row: Fields): string {
  return join('tls', say(row['tls.sni']), say(row['tls.version']), say(row['tls.subject']) && `subject ${say(row['tls.subject'])}`) + where(row);
}

function fileinfo(row: Fields): string {
  const size = say(row['fileinfo.size']);
  const what = [say(row['fileinfo.magic']), size && `${size} bytes`].filter(Boolean).join(', ');
  const hashes = ['md5', 'sha1', 'sha256']
    .map((h) => (say(row[`fileinfo.${h}`]) ? `${h} ${say(row[`fileinfo.${h}`])}` : ''))
    .filter(Boolean)
    .join(' ');
  return join(`file ${say(row['fileinfo.filename']) || '(unnamed)'}`, what && `(${what})`, hashes && `${hashes}`) + where(row);
}

function stats(row: Fields): string {
  return join(
    'stats:',
    say(row['stats.uptime']) && `uptime ${say(row['stats.uptime'])} s,`,
    `${say(row['stats.decoder.pkts']) || 0} packets, ${say(row['stats.decoder.bytes']) || 0} bytes decoded`,
  );
}

/** Any other type: its name, flow, and the first few of its own fields. */
function fallback(row: Fields, type: string): string {
  const parts: string[] = [];
  let length = 0;
  for (const key in row) {
    if (!key.startsWith(`${type}.`)) continue;
    const v = say(row[key]);
    if (!v || v.length > 200) continue;
    const part = `${key.slice(type.length + 1)}: ${v}`;
    if (length + part.length > 300) break;
    parts.push(part);
    length += part.length + 2;
  }
  return `${type || 'event'}${flow(row) ? ` ${flow(row)}` : ''}${parts.length ? ` — ${parts.join('; ')}` : ''}`;
}

const BY_TYPE: Record<string, (row: Fields) => string> = { alert, flow: flowEvent, dns, dhcp, http, tls, fileinfo, stats };

export function eveMessage(type: string, row: Fields): string {
  const build = BY_TYPE[type];
  return build ? build(row) : fallback(row, type);
}
