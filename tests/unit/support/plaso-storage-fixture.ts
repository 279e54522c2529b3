import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Python's sqlite3 module writes the fixtures: SQLite itself, not a copy of our reader's assumptions. */
export const PYTHON_SQLITE = spawnSync('python3', ['-c', 'import sqlite3, zlib'], { encoding: 'utf8' }).status === 0;
export const NO_PYTHON_SQLITE = 'python3 with its sqlite3 module is not installed: the SQLite fixtures cannot be written';

/**
 * A small Plaso storage file laid out as Plaso 20230327 writes it: metadata,
 * event (with date_time JSON and µs timestamp), event_data (zlib-compressed
 * JSON in _data), event_data_stream. `events` Windows event log records, one
 * event each; page size 512 so even a few rows span several pages.
 */
export function makePlasoStorage(events: number): Buffer {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'casebook-plaso-'));
  const file = path.join(dir, 'fixture.plaso');
  const program = `
import sqlite3, zlib, json
db = sqlite3.connect(${JSON.stringify(file)})
db.execute('pragma page_size = 512')
db.execute('create table metadata (key TEXT, value TEXT)')
db.executemany('insert into metadata values (?, ?)', [('format_version', '20230327'), ('compression_format', 'zlib'), ('serialization_format', 'json')])
db.execute('create table event_data_stream (_identifier INTEGER PRIMARY KEY AUTOINCREMENT, path_spec TEXT, sha256_hash TEXT)')
db.execute('insert into event_data_stream (path_spec, sha256_hash) values (?, ?)', (json.dumps({'__type__': 'PathSpec', 'location': '/data/Security.evtx', 'type_indicator': 'OS'}), 'ab' * 32))
db.execute('create table event_data (_identifier INTEGER PRIMARY KEY AUTOINCREMENT, _data BLOB)')
db.execute('create table event (_identifier INTEGER PRIMARY KEY AUTOINCREMENT, _event_data_identifier TEXT, date_time TEXT, timestamp INTEGER, timestamp_desc TEXT)')
for i in range(1, ${events} + 1):
    data = {'__type__': 'AttributeContainer', '__container_type__': 'event_data', '_event_data_stream_identifier': 'event_data_stream.1', '_parser_chain': 'winevtx',
            'data_type': 'windows:evtx:record', 'computer_name': 'DC01.corp.example', 'event_identifier': 4624, 'message_identifier': 4624, 'event_level': 0,
            'record_number': i, 'source_name': 'Microsoft-Windows-Security-Auditing', 'provider_identifier': '{54849625-5478-4994-a5ba-3e3b0328c30d}',
            'strings': ['S-1-5-18', 'alice', '10.0.0.%d' % (i % 250 + 1)], 'xml_string': '<Event>' + 'x' * 600 + '</Event>'}
    db.execute('insert into event_data (_data) values (?)', (zlib.compress(json.dumps(data).encode()),))
    us = 1700000000000000 + i * 1000000
    db.execute('insert into event (_event_data_identifier, date_time, timestamp, timestamp_desc) values (?, ?, ?, ?)',
               ('event_data.%d' % i, json.dumps({'__class_name__': 'PosixTimeInMicroseconds', '__type__': 'DateTimeValues', 'timestamp': us}), us, 'Creation Time'))
db.commit()
`;
  try {
    execFileSync('python3', ['-c', program], { encoding: 'utf8' });
    return readFileSync(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
