import type { XmlElement, XmlNode } from './binxml';

/**
 * An event's XML (<Event><System>…</System><EventData>…</EventData></Event>)
 * as flat fields: the System header under the names Windows uses, and the
 * event's own fields from EventData (<Data Name="…">) or UserData (the
 * children of its one provider-defined element). Unnamed <Data> elements (the
 * classic "Windows PowerShell" log) and the items of an array value in one
 * become Data_1, Data_2… (or Data when there is just one).
 */

export interface SystemFields {
  provider: string;
  providerGuid: string;
  eventSourceName: string;
  eventId: string;
  qualifiers: string;
  version: string;
  level: string;
  task: string;
  opcode: string;
  keywords: string;
  timeCreated: string;
  eventRecordId: string;
  activityId: string;
  processId: string;
  threadId: string;
  channel: string;
  computer: string;
  userId: string;
}

export interface EventFields {
  system: SystemFields;
  /** EventData/UserData fields in document order, names unique. */
  data: [string, string][];
  /** The element UserData wraps its fields in (e.g. LogFileCleared), or ''. */
  userDataType: string;
  /** Whether the XML had an <Event> element at all. */
  hasEvent: boolean;
}

function elements(nodes: XmlNode[]): XmlElement[] {
  return nodes.filter((n): n is XmlElement => typeof n === 'object' && !Array.isArray(n));
}

function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  if (!el) return undefined;
  for (const n of el.children) if (typeof n === 'object' && !Array.isArray(n) && n.name === name) return n;
  return undefined;
}

function attr(el: XmlElement | undefined, name: string): string {
  return el?.attributes.find((a) => a.name === name)?.value ?? '';
}

/** All the text under a node: an array's items one per line, as python-evtx and Event Viewer show them. */
export function textOf(nodes: XmlNode[]): string {
  let out = '';
  for (const n of nodes) {
    if (typeof n === 'string') out += n;
    else if (Array.isArray(n)) out += n.join('\n');
    else out += textOf(n.children);
  }
  return out;
}

/** The items of a node list: one per array item, the rest as one text (for unnamed <Data>). */
function items(nodes: XmlNode[]): string[] {
  if (nodes.length === 1 && Array.isArray(nodes[0])) return nodes[0];
  return [textOf(nodes)];
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

export function eventFields(xml: XmlNode[]): EventFields {
  const event = elements(xml).find((e) => e.name === 'Event');
  const system = child(event, 'System');
  const text = (name: string) => (system ? textOf(child(system, name)?.children ?? []) : '');
  const provider = child(system, 'Provider');
  const execution = child(system, 'Execution');
  const correlation = child(system, 'Correlation');
  const eventId = child(system, 'EventID');
  const fields: SystemFields = {
    provider: attr(provider, 'Name'),
    providerGuid: attr(provider, 'Guid'),
    eventSourceName: attr(provider, 'EventSourceName'),
    eventId: eventId ? textOf(eventId.children) : '',
    qualifiers: attr(eventId, 'Qualifiers'),
    version: text('Version'),
    level: text('Level'),
    task: text('Task'),
    opcode: text('Opcode'),
    keywords: text('Keywords'),
    timeCreated: attr(child(system, 'TimeCreated'), 'SystemTime'),
    eventRecordId: text('EventRecordID'),
    activityId: attr(correlation, 'ActivityID'),
    processId: attr(execution, 'ProcessID'),
    threadId: attr(execution, 'ThreadID'),
    channel: text('Channel'),
    computer: text('Computer'),
    userId: attr(child(system, 'Security'), 'UserID'),
  };

  const list = new FieldList();
  let userDataType = '';
  const eventData = child(event, 'EventData');
  if (eventData) {
    const unnamed: string[] = [];
    for (const el of elements(eventData.children)) {
      const name = el.name === 'Data' ? attr(el, 'Name') : el.name;
      if (name) list.add(name, textOf(el.children));
      else unnamed.push(...items(el.children));
    }
    if (unnamed.length === 1) list.add('Data', unnamed[0]!);
    else unnamed.forEach((value, i) => list.add(`Data_${i + 1}`, value));
  }
  const userData = child(event, 'UserData');
  for (const wrapper of userData ? elements(userData.children) : []) {
    userDataType ||= wrapper.name;
    for (const el of elements(wrapper.children)) list.add(el.name, textOf(el.children));
  }
  return { system: fields, data: list.fields, userDataType, hasEvent: event !== undefined };
}
