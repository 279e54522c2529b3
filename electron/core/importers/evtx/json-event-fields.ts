import type { EventFields, SystemFields } from './event-fields';

/**
 * A Windows event as other tools write it in JSON, read into the same fields
 * as a raw EVTX record (event-fields.ts), so that time, host, user, message
 * and attributes come out exactly as for the .evtx itself. The spellings of
 * an XML attribute differ by tool, and all are read:
 * - `evtx_dump -o json/jsonl` (omerbenamram/evtx): `"Provider": {"#attributes": {"Name": …}}`;
 * - `evtx_dump --separate-json-attributes` and Chainsaw's `dump`:
 *   `"Provider": "", "Provider_attributes": {"Name": …}`;
 * - xmltodict (python-evtx scripts): `"@Name"`, `"#text"`, `"Data": [{"@Name": …, "#text": …}]`;
 * - golang-evtx: attributes as plain keys (`"TimeCreated": {"SystemTime": …}`, `"EventID": {"Value": …}`).
 * Repeated elements (`Header`, `Header_1`…) stay as the tool named them;
 * nested elements become dotted names (`AdditionalInfo.Action.name`).
 */

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function scalar(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(scalar).join('\n');
  if (isObject(v)) return scalar(v['#text'] ?? v.Value ?? v['$'] ?? '');
  return String(v);
}

/** An XML attribute of `parent[key]`, in whichever spelling the tool used. */
function attribute(parent: Json | undefined, key: string, name: string): string {
  if (!parent) return '';
  const node = parent[key];
  const separate = parent[`${key}_attributes`];
  if (isObject(separate) && separate[name] !== undefined) return scalar(separate[name]);
  if (!isObject(node)) return '';
  const marked = node['#attributes'];
  if (isObject(marked) && marked[name] !== undefined) return scalar(marked[name]);
  if (node[`@${name}`] !== undefined) return scalar(node[`@${name}`]);
  return node[name] !== undefined && !isObject(node[name]) ? scalar(node[name]) : '';
}

/** An element's text: the value itself, or its `#text` / golang-evtx `Value`. */
function text(parent: Json | undefined, key: string): string {
  return parent ? scalar(parent[key]) : '';
}

function systemFields(system: Json | undefined): SystemFields {
  return {
    provider: attribute(system, 'Provider', 'Name'),
    providerGuid: attribute(system, 'Provider', 'Guid'),
    eventSourceName: attribute(system, 'Provider', 'EventSourceName'),
    eventId: text(system, 'EventID'),
    qualifiers: attribute(system, 'EventID', 'Qualifiers'),
    version: text(system, 'Version'),
    level: text(system, 'Level'),
    task: text(system, 'Task'),
    opcode: text(system, 'Opcode'),
    keywords: text(system, 'Keywords'),
    timeCreated: attribute(system, 'TimeCreated', 'SystemTime'),
    eventRecordId: text(system, 'EventRecordID'),
    activityId: attribute(system, 'Correlation', 'ActivityID'),
    processId: attribute(system, 'Execution', 'ProcessID'),
    threadId: attribute(system, 'Execution', 'ThreadID'),
    channel: text(system, 'Channel'),
    computer: text(system, 'Computer'),
    userId: attribute(system, 'Security', 'UserID'),
  };
}

class FieldList {
  readonly fields: [string, string][] = [];
  private readonly used = new Set<string>();

  add(name: string, value: string): void {
    let key = name || 'Data';
    for (let i = 2; this.used.has(key); i++) key = `${name}_${i}`;
    this.used.add(key);
    this.fields.push([key, value]);
  }
}

/** An element's content as fields: its text under `prefix`, its attributes and children under `prefix.name`. */
function addElement(list: FieldList, prefix: string, value: unknown, depth = 0): void {
  if (!isObject(value) || depth > 8) {
    const v = scalar(value);
    if (v !== '' || !isObject(value)) list.add(prefix, v);
    return;
  }
  for (const key in value) {
    const child = value[key];
    if (key === '#text') list.add(prefix, scalar(child));
    else if (key === '#attributes' || key.endsWith('_attributes')) {
      if (!isObject(child)) continue;
      // "#attributes" are this element's; "Name_attributes" its child Name's (the child's text is under "Name").
      const at = key === '#attributes' ? prefix : `${prefix}.${key.slice(0, -'_attributes'.length)}`;
      for (const a in child) {
        if (a !== 'xmlns') list.add(`${at}.${a}`, scalar(child[a]));
      }
    } else if (key.startsWith('@')) {
      if (key !== '@xmlns') list.add(`${prefix}.${key.slice(1)}`, scalar(child));
    } else addElement(list, `${prefix}.${key}`, child, depth + 1);
  }
}

/** `<Data>` elements written as a list: named ones (`@Name`/`Name`) as fields, unnamed ones as Data_1, Data_2… */
function addDataList(list: FieldList, items: unknown[]): void {
  const unnamed: string[] = [];
  for (const item of items) {
    const name = isObject(item) ? scalar(item['@Name'] ?? item.Name ?? (isObject(item['#attributes']) ? item['#attributes'].Name : undefined)) : '';
    if (name) list.add(name, scalar(isObject(item) ? (item['#text'] ?? item.Value ?? '') : item));
    else unnamed.push(scalar(item));
  }
  if (unnamed.length === 1) list.add('Data', unnamed[0]!);
  else unnamed.forEach((v, i) => list.add(`Data_${i + 1}`, v));
}

function eventDataFields(list: FieldList, eventData: unknown): void {
  if (!isObject(eventData)) return;
  for (const key in eventData) {
    if (key === '#attributes' || key.endsWith('_attributes') || key.startsWith('@')) continue;
    const value = eventData[key];
    if (key === 'Data' && Array.isArray(value)) addDataList(list, value);
    else if (key === 'Data' && isObject(value) && Array.isArray(value['#text'])) addDataList(list, value['#text']);
    else if (key === 'Data' && isObject(value) && (value['@Name'] || value.Name)) addDataList(list, [value]);
    else if (value !== null) addElement(list, key, value);
  }
}

/** The Event object of one JSON record (`{"Event": …}`, or the event itself); null when it holds none. */
export function jsonEventOf(record: Json): Json | null {
  const event = isObject(record.Event) ? record.Event : record;
  return isObject(event.System) ? event : null;
}

export function jsonEventFields(event: Json): EventFields {
  const system = isObject(event.System) ? event.System : undefined;
  const list = new FieldList();
  eventDataFields(list, event.EventData);
  let userDataType = '';
  if (isObject(event.UserData)) {
    for (const wrapper in event.UserData) {
      if (wrapper.startsWith('#') || wrapper.startsWith('@') || wrapper.endsWith('_attributes')) continue;
      userDataType ||= wrapper;
      const inner = event.UserData[wrapper];
      if (isObject(inner)) {
        for (const key in inner) if (!key.startsWith('#') && !key.startsWith('@') && !key.endsWith('_attributes')) addElement(list, key, inner[key]);
      } else if (inner !== null) list.add(wrapper, scalar(inner));
    }
  }
  return { system: systemFields(system), data: list.fields, userDataType, hasEvent: system !== undefined };
}
