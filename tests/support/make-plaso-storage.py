"""Writes a Plaso storage file (.plaso) as Plaso 20230327 lays it out, with SQLite itself.

Usage: python3 make-plaso-storage.py OUT.plaso EVENTS [BAD]

BAD: comma-separated event numbers whose time Plaso could not read (a
date_time of an unknown class and no timestamp), which an import refuses.

Tables: metadata, event_data_stream, event_data (zlib-compressed JSON in _data)
and event (date_time JSON, exact timestamp in microseconds). Each event is a
Windows Security log record with its own event data. Page size 512, so even a
few rows span several b-tree pages and their XML overflows. Used by the unit
tests, the fuzzer's seed and the import benchmark.
"""
import json
import sqlite3
import sys
import zlib

out, events = sys.argv[1], int(sys.argv[2])
bad = {int(n) for n in sys.argv[3].split(',')} if len(sys.argv) > 3 and sys.argv[3] else set()
db = sqlite3.connect(out)
db.execute('pragma page_size = 512')
db.execute('pragma journal_mode = off')
db.execute('pragma synchronous = off')
db.execute('create table metadata (key TEXT, value TEXT)')
db.executemany('insert into metadata values (?, ?)', [('format_version', '20230327'), ('compression_format', 'zlib'), ('serialization_format', 'json')])
db.execute('create table event_data_stream (_identifier INTEGER PRIMARY KEY AUTOINCREMENT, path_spec TEXT, sha256_hash TEXT)')
db.execute('insert into event_data_stream (path_spec, sha256_hash) values (?, ?)',
           (json.dumps({'__type__': 'PathSpec', 'location': '/data/Security.evtx', 'type_indicator': 'OS'}), 'ab' * 32))
db.execute('create table event_data (_identifier INTEGER PRIMARY KEY AUTOINCREMENT, _data BLOB)')
db.execute('create table event (_identifier INTEGER PRIMARY KEY AUTOINCREMENT, _event_data_identifier TEXT, date_time TEXT, timestamp INTEGER, timestamp_desc TEXT)')
for i in range(1, events + 1):
    data = {'__type__': 'AttributeContainer', '__container_type__': 'event_data', '_event_data_stream_identifier': 'event_data_stream.1', '_parser_chain': 'winevtx',
            'data_type': 'windows:evtx:record', 'computer_name': 'DC01.corp.example', 'event_identifier': 4624, 'message_identifier': 4624, 'event_level': 0,
            'record_number': i, 'source_name': 'Microsoft-Windows-Security-Auditing', 'provider_identifier': '{54849625-5478-4994-a5ba-3e3b0328c30d}',
            'strings': ['S-1-5-18', 'alice', '10.0.0.%d' % (i % 250 + 1)], 'xml_string': '<Event>' + 'x' * 600 + '</Event>'}
    db.execute('insert into event_data (_data) values (?)', (zlib.compress(json.dumps(data).encode()),))
    us = 1700000000000000 + i * 1000000
    date_time = {'__class_name__': 'PosixTimeInMicroseconds', '__type__': 'DateTimeValues', 'timestamp': us}
    if i in bad:
        date_time, us = {'__class_name__': 'NoSuchTime', '__type__': 'DateTimeValues'}, 0
    db.execute('insert into event (_event_data_identifier, date_time, timestamp, timestamp_desc) values (?, ?, ?, ?)',
               ('event_data.%d' % i, json.dumps(date_time), us, 'Creation Time'))
db.commit()
db.close()
