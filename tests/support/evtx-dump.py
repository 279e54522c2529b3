#!/usr/bin/env python3
"""Dumps every record of an .evtx file as read by python-evtx (Debian's
python3-evtx), one JSON object per line, for Casebook's differential test:

  {"offset": 4608, "record": "1742", "time": "2016-07-08 18:12:51.681640",
   "computer": "...", "eventId": "4624", "channel": "Security", "provider": "...",
   "data": [["SubjectUserName", "bob"], ...]}

Chunk slots without the ElfChnk magic are reported as {"chunk": offset,
"error": ...}; a record python-evtx cannot render as {"offset": ..., "error": ...}.
Usage: evtx-dump.py FILE [MAX_RECORDS]   (MAX_RECORDS only for timing a prefix)
"""
import json
import sys
import xml.etree.ElementTree as ET

from Evtx.Evtx import Evtx


def local(tag):
    return tag.rsplit('}', 1)[-1]


def child(node, name):
    if node is None:
        return None
    for c in node:
        if local(c.tag) == name:
            return c
    return None


def text(node):
    return '' if node is None else ''.join(node.itertext())


def fields(event):
    """EventData's <Data Name=...> pairs, or UserData's one element's children."""
    out = []
    data = child(event, 'EventData')
    if data is not None:
        for d in data:
            out.append([d.get('Name') or local(d.tag), text(d)])
    user = child(event, 'UserData')
    if user is not None:
        for wrapper in user:
            for d in wrapper:
                out.append([local(d.tag), text(d)])
    return out


def main():
    path = sys.argv[1]
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else None
    count = 0
    out = sys.stdout
    with Evtx(path) as log:
        for chunk in log.chunks():
            try:
                good = chunk.check_magic()
            except Exception:  # python-evtx decodes the magic as ASCII: garbage slots raise
                good = False
            if not good:
                out.write(json.dumps({'chunk': chunk.offset(), 'error': 'bad chunk magic'}) + '\n')
                continue
            try:
                records = list(chunk.records())
            except Exception as err:
                out.write(json.dumps({'chunk': chunk.offset(), 'error': repr(err)[:300]}) + '\n')
                continue
            for record in records:
                if limit is not None and count >= limit:
                    return
                count += 1
                try:
                    event = ET.fromstring(record.xml())
                    system = child(event, 'System')
                    created = child(system, 'TimeCreated')
                    provider = child(system, 'Provider')
                    out.write(json.dumps({
                        'offset': record.offset(),
                        'record': str(record.record_num()),
                        'time': None if created is None else created.get('SystemTime'),
                        'computer': text(child(system, 'Computer')),
                        'eventId': text(child(system, 'EventID')),
                        'channel': text(child(system, 'Channel')),
                        'provider': None if provider is None else provider.get('Name'),
                        'data': fields(event),
                    }) + '\n')
                except Exception as err:  # one bad record must not hide the others
                    out.write(json.dumps({'offset': record.offset(), 'error': repr(err)[:300]}) + '\n')


if __name__ == '__main__':
    main()
