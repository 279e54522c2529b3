"""Writes hostile Plaso storage files (.plaso) with SQLite itself, for the tests of the import's bounds.

Usage: python3 make-hostile-plaso.py OUT.plaso MODE EVENTS PAD_BYTES

MODE:
  bomb    each event has its own event data, whose zlib-compressed JSON holds a
          string of PAD_BYTES spaces: a few KiB on disk, PAD_BYTES once inflated
          (a "zlib bomb" per row).
  shared  every event points at event_data.1, which holds a string of PAD_BYTES
          spaces (compressed to a few KiB): a well-formed file whose events all
          carry the same large data, so what an import writes grows with the
          events times PAD_BYTES while the file stays small.
  dag     EVENTS small events, then the event table's root page edited so that
          its second child pointer names its first child too: one leaf page
          reached twice (a DAG, not a tree).
  duprow  EVENTS small events, then the event table's first leaf page copied
          over its second: the same rowids twice, each page reached once.

The layout is make-plaso-storage.py's (Plaso 20230327: metadata,
event_data_stream, event_data, event), page size 4096.
"""
import json
import sqlite3
import sys
import zlib

out, mode, events, pad = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
db = sqlite3.connect(out)
db.execute('pragma page_size = 4096')
db.execute('pragma journal_mode = off')
db.execute('create table metadata (key TEXT, value TEXT)')
db.executemany('insert into metadata values (?, ?)', [('format_version', '20230327'), ('compression_format', 'zlib'), ('serialization_format', 'json')])
db.execute('create table event_data_stream (_identifier INTEGER PRIMARY KEY AUTOINCREMENT, path_spec TEXT)')
db.execute('create table event_data (_identifier INTEGER PRIMARY KEY AUTOINCREMENT, _data BLOB)')
db.execute('create table event (_identifier INTEGER PRIMARY KEY AUTOINCREMENT, _event_data_identifier TEXT, date_time TEXT, timestamp INTEGER, timestamp_desc TEXT)')


def data(i):
    return zlib.compress(json.dumps({'__type__': 'AttributeContainer', '__container_type__': 'event_data', '_parser_chain': 'filestat',
                                     'data_type': 'fs:stat', 'filename': '/f%d' % i, 'pad': ' ' * pad}).encode(), 9)


if mode == 'shared':
    db.execute('insert into event_data (_data) values (?)', (data(1),))
for i in range(1, events + 1):
    if mode != 'shared':
        db.execute('insert into event_data (_data) values (?)', (data(i) if mode == 'bomb' else zlib.compress(b'{"data_type": "fs:stat"}'),))
    us = 1700000000000000 + i * 1000000
    db.execute('insert into event (_event_data_identifier, date_time, timestamp, timestamp_desc) values (?, ?, ?, ?)',
               ('event_data.%d' % (1 if mode == 'shared' else i), json.dumps({'__class_name__': 'PosixTimeInMicroseconds', '__type__': 'DateTimeValues', 'timestamp': us}),
                us, 'Creation Time'))
db.commit()
root = db.execute("select rootpage from sqlite_master where name = 'event'").fetchone()[0]
db.close()

if mode in ('dag', 'duprow'):
    with open(out, 'r+b') as f:
        f.seek((root - 1) * 4096)
        page = bytearray(f.read(4096))
        assert page[0] == 0x05, 'the event table needs an interior root: use more events'
        cells = [int.from_bytes(page[12 + 2 * i:14 + 2 * i], 'big') for i in range(int.from_bytes(page[3:5], 'big'))]
        first, second = (int.from_bytes(page[c:c + 4], 'big') for c in cells[:2])
        if mode == 'dag':
            page[cells[1]:cells[1] + 4] = first.to_bytes(4, 'big')
            f.seek((root - 1) * 4096)
            f.write(page)
        else:
            f.seek((first - 1) * 4096)
            leaf = f.read(4096)
            f.seek((second - 1) * 4096)
            f.write(leaf)
