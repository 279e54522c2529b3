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
  deep    EVENTS small events; event_data.2 holds JSON nested 200 levels deep.
  overflow EVENTS events, each with its own event data of PAD_BYTES stored
          (uncompressed zlib) bytes, so that each spills onto overflow pages;
          then event_data.2's cell is edited to start its chain at
          event_data.1's first overflow page: two rows sharing one chain.

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
def nested(depth):
    return zlib.compress(('{"data_type": "fs:stat", "x": ' + '[' * depth + ']' * depth + '}').encode())


def stored(i):
    # Level 0: the same length for every row, so one row's chain can stand in for another's.
    # The name last: it lies on the overflow pages, so a row read through another's chain decodes, as that other row.
    return zlib.compress(json.dumps({'data_type': 'fs:stat', 'pad': 'x' * pad, 'filename': '/f%04d' % i}).encode(), 0)


for i in range(1, events + 1):
    if mode == 'bomb':
        db.execute('insert into event_data (_data) values (?)', (data(i),))
    elif mode == 'deep':
        db.execute('insert into event_data (_data) values (?)', (nested(200) if i == 2 else zlib.compress(b'{"data_type": "fs:stat"}'),))
    elif mode == 'overflow':
        db.execute('insert into event_data (_data) values (?)', (stored(i),))
    elif mode != 'shared':
        db.execute('insert into event_data (_data) values (?)', (zlib.compress(b'{"data_type": "fs:stat"}'),))
    us = 1700000000000000 + i * 1000000
    db.execute('insert into event (_event_data_identifier, date_time, timestamp, timestamp_desc) values (?, ?, ?, ?)',
               ('event_data.%d' % (1 if mode == 'shared' else i), json.dumps({'__class_name__': 'PosixTimeInMicroseconds', '__type__': 'DateTimeValues', 'timestamp': us}),
                us, 'Creation Time'))
db.commit()
root = db.execute("select rootpage from sqlite_master where name = 'event'").fetchone()[0]
data_root = db.execute("select rootpage from sqlite_master where name = 'event_data'").fetchone()[0]
db.close()


def varint(buf, at):
    value = 0
    for i in range(9):
        b = buf[at + i]
        if i == 8:
            return (value << 8) | b, at + 9
        value = (value << 7) | (b & 0x7F)
        if b < 0x80:
            return value, at + i + 1


def overflow_pointers(f, page_no):
    """rowid -> file offset of its cell's first overflow page number, for the table b-tree under page_no."""
    f.seek((page_no - 1) * 4096)
    page = f.read(4096)
    at = 100 if page_no == 1 else 0
    cells = [int.from_bytes(page[at + (12 if page[at] == 0x05 else 8) + 2 * i:][:2], 'big') for i in range(int.from_bytes(page[at + 3:at + 5], 'big'))]
    found = {}
    if page[at] == 0x05:
        for c in cells:
            found.update(overflow_pointers(f, int.from_bytes(page[c:c + 4], 'big')))
        found.update(overflow_pointers(f, int.from_bytes(page[at + 8:at + 12], 'big')))
        return found
    u = 4096
    max_local, min_local = u - 35, (u - 12) * 32 // 255 - 23
    for c in cells:
        length, p = varint(page, c)
        rowid, p = varint(page, p)
        if length <= max_local:
            continue
        k = min_local + (length - min_local) % (u - 4)
        local = k if k <= max_local else min_local
        found[rowid] = (page_no - 1) * 4096 + p + local
    return found


if mode == 'overflow':
    with open(out, 'r+b') as f:
        pointers = overflow_pointers(f, data_root)
        f.seek(pointers[1])
        first = f.read(4)
        f.seek(pointers[2])
        f.write(first)

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
