import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImporter } from '../../../tests/unit/support/import-harness';
import { HAS_SAMPLES, NO_SAMPLES_REASON, SAMPLES } from '../../../tests/unit/support/samples';
import { chooseImporter, readSample } from './registry';

/**
 * Every file of the sample corpus (../shared/samples and its more/), the
 * format it is detected as and what it imports to, against SOURCES.md. A file
 * added to the corpus without a row here fails the first test: each sample is
 * accounted for. Counts marked SOURCES are the ones SOURCES.md gives (or an
 * independent reader's); the others are this importer's, checked by hand when
 * the row was written (SOURCES.md gives objects, not events, for STIX/MISP).
 */

type Expected = { format: string; events: number; invalid?: number; from: 'SOURCES' | 'measured' } | { refused: RegExp; why: string };

const CORPUS: Record<string, Expected> = {
  'SOURCES.md': { refused: /unknown schema/, why: 'the corpus’s own notes' },
  'defender/graph-incident-with-alert.json': { format: 'graph-security', events: 8, from: 'measured' },
  'defender/machine-actions.json': { format: 'defender-machine-actions', events: 3, from: 'SOURCES' },
  'hayabusa/hayabusa-sample-evtx-ResultsDefaultSettings.csv': { format: 'hayabusa-csv', events: 10_072, from: 'SOURCES' },
  'misp/57c4445b-c548-4654-af0b-4be3950d210f.json': { format: 'misp', events: 10, from: 'measured' },
  'misp/existing_event.json': { format: 'misp', events: 122, from: 'measured' },
  'misp/galaxy_1.json': { format: 'misp', events: 11, from: 'measured' },
  'misp/mainly_objects_1.json': { format: 'misp', events: 75, from: 'measured' },
  'misp/test_events_collection_1.json': { format: 'misp', events: 2, from: 'measured' },
  'misp/test_objects_collection_1.json': { format: 'misp', events: 10, from: 'measured' },
  'more/cloudtrail/awslib-SerializerTestFile.json': { format: 'cloudtrail', events: 6, from: 'SOURCES' },
  'more/cloudtrail/awslib-SerializerTestFileCompact.json.gz': { format: 'cloudtrail', events: 6, from: 'SOURCES' },
  'more/defender-ah/dafneb-advanced_hunting_test.csv': { format: 'microsoft-csv', events: 26, from: 'SOURCES' },
  'more/evtx/deepblue-Powershell-Invoke-Obfuscation-many.evtx': { format: 'evtx', events: 302, from: 'SOURCES' },
  'more/evtx/eas-LM_Remote_Service02_7045.evtx': { format: 'evtx', events: 3, from: 'SOURCES' },
  'more/evtx/eas-temp_scheduled_task_4698_4699.evtx': { format: 'evtx', events: 2, from: 'SOURCES' },
  // SOURCES.md expects ~270 and 1–2 errors (python-evtx's count: it renders 3 records whose ends are zeros, with cut values,
  // and stops chunk 7 at the first of them); Casebook reports those 3 and the 2 chunks without magic, and reads the 31 whole
  // records after the cut (docs/architecture.md "Raw EVTX"; evtx-samples.test.ts checks them on the bytes).
  'more/evtx/omer-sample_with_a_bad_chunk_magic.evtx': { format: 'evtx', events: 298, invalid: 5, from: 'measured' },
  'more/evtx/omer-security.evtx': { format: 'evtx', events: 2261, from: 'SOURCES' },
  'more/evtx/omer-sysmon.evtx': { format: 'evtx', events: 358, from: 'SOURCES' },
  'more/evtx/yamato-T1562.010_DowngradeAttack_PowerShell.evtx': { format: 'evtx', events: 26, from: 'SOURCES' },
  'more/evtx-json/evtx_dump-event_with_multiple_nodes_same_name.json': { format: 'evtx-json', events: 1, from: 'SOURCES' },
  'more/evtx-json/evtx_dump-security_event_1.json': { format: 'evtx-json', events: 1, from: 'SOURCES' },
  'more/osquery/elastic-osqueryd-results-tail.log': { format: 'osquery', events: 24, from: 'SOURCES' },
  'more/sentinel-export/sentinel-asim-CrowdStrike_Falcon_ASimAuthentication_IngestedLogs.csv': { format: 'microsoft-csv', events: 10, from: 'SOURCES' },
  'more/suricata/zeus-eve.json': { format: 'suricata-eve', events: 869, from: 'SOURCES' },
  // results/: 3 "All File Metadata" rows (SOURCES.md) and 3 "Uploads" rows.
  'more/velociraptor/Collection-WIN-E5K9RC5GU23-2021-11-21T18_05_56-08_00.zip': { format: 'velociraptor', events: 6, from: 'SOURCES' },
  'more/velociraptor/velociraptor-encrypted_collector_password.zip': {
    refused: /password-protected Velociraptor collection/,
    why: 'encrypted: a password is needed',
  },
  // Users.json's 4 rows; BasicInformation and WindowsInfo have no time and no collection time is known (a warning says so).
  'more/velociraptor/velociraptor-unencrypted_collector.zip': { format: 'velociraptor', events: 4, from: 'SOURCES' },
  'more/zeek/otrf-apt29-NASHUA_files.log': { format: 'zeek', events: 379, from: 'SOURCES' },
  'more/zeek/otrf-apt29-UTICA-A_http.log': { format: 'zeek', events: 1, from: 'SOURCES' },
  'more/zeek/trickbot-conn.log': { format: 'zeek', events: 13_001, from: 'SOURCES' },
  'more/zeek/trickbot-files.log': { format: 'zeek', events: 1385, from: 'SOURCES' },
  'more/zeek/trickbot-http.log': { format: 'zeek', events: 1149, from: 'SOURCES' },
  'more/zeek/wrccdc-dns.log.gz': { format: 'zeek', events: 53_615, from: 'SOURCES' },
  'more/zeek/wrccdc-notice.log': { format: 'zeek', events: 207, from: 'SOURCES' },
  'more/zeek/wrccdc-x509.json': { format: 'zeek', events: 348, from: 'SOURCES' },
  'plaso/evtx_20250918.plaso': { format: 'plaso-storage', events: 3205, from: 'measured' },
  'security-datasets/SDWIN-200806015757.yaml': { refused: /unknown schema/, why: 'dataset metadata, not events' },
  'security-datasets/SDWIN-201018195009.yaml': { refused: /unknown schema/, why: 'dataset metadata, not events' },
  'security-datasets/SDWIN-201018225619.yaml': { refused: /unknown schema/, why: 'dataset metadata, not events' },
  'security-datasets/cmd_lsass_memory_dumpert_syscalls.zip': { format: 'security-datasets', events: 118, from: 'SOURCES' },
  'security-datasets/covenant_copy_smb_CreateRequest.zip': { format: 'security-datasets', events: 506, from: 'SOURCES' },
  'security-datasets/golden-saml/AADAuditEvents.Zip': { format: 'security-datasets', events: 4, from: 'measured' },
  'security-datasets/golden-saml/Microsoft365DefenderEvents.Zip': { format: 'security-datasets', events: 9, from: 'measured' },
  'security-datasets/golden-saml/OfficeActivityEvents.Zip': { format: 'security-datasets', events: 1, from: 'measured' },
  'security-datasets/golden-saml/README.md': { refused: /unknown schema/, why: 'the dataset’s notes' },
  'security-datasets/golden-saml/WindowsEvents.Zip': { format: 'security-datasets', events: 38, from: 'measured' },
  'security-datasets/psh_lsass_memory_dump_comsvcs.zip': { format: 'security-datasets', events: 184, from: 'SOURCES' },
  'sentinel/rest-incident.json': { format: 'sentinel', events: 1, from: 'measured' },
  'stix21/apt1.json': { format: 'stix21', events: 1, from: 'measured' },
  'stix21/indicators-for-C2-with-COA.json': { format: 'stix21', events: 0, from: 'measured' },
  'stix21/infrastructure.json': { format: 'stix21', events: 0, from: 'measured' },
  'stix21/malicious-email-indicator-with-attachment.json': { format: 'stix21', events: 0, from: 'measured' },
  'stix21/poisonivy.json': { format: 'stix21', events: 1, from: 'measured' },
  'stix21/test_event2_stix21.json': { format: 'stix21', events: 2, from: 'measured' },
  'stix21/test_events_collection_stix21.json': { format: 'stix21', events: 4, from: 'measured' },
  'timesketch/csv_timestamp_no_datetime.csv': { format: 'timesketch-csv', events: 3, from: 'measured' },
  'timesketch/evtx_direct.csv': { format: 'timesketch-csv', events: 13, from: 'measured' },
  'timesketch/evtx_fails.csv': { format: 'timesketch-csv', events: 13, from: 'measured' },
  'timesketch/evtx_part.csv': { format: 'timesketch-csv', events: 13, from: 'measured' },
  'timesketch/invalid_datetime.csv': { format: 'timesketch-csv', events: 3, invalid: 1, from: 'measured' },
  'timesketch/large_field_event.jsonl': { format: 'timesketch-jsonl', events: 3, from: 'measured' },
  'timesketch/plaso-json_line-centos-sshd.jsonl': { format: 'plaso-jsonl', events: 2002, from: 'SOURCES' },
  'timesketch/sigma_events.csv': { format: 'timesketch-csv', events: 4, from: 'measured' },
  'timesketch/sigma_events.jsonl': { format: 'timesketch-jsonl', events: 5, from: 'measured' },
  'timesketch/validate_time_precision_jsonl.jsonl': { format: 'timesketch-jsonl', events: 2, from: 'measured' },
  'timesketch/validate_timestamp_conversion.csv': { format: 'timesketch-csv', events: 3, from: 'measured' },
};

function corpus(dir = SAMPLES): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? corpus(full) : [path.relative(SAMPLES, full)];
  });
}

describe.skipIf(!HAS_SAMPLES)(HAS_SAMPLES ? 'every file of the sample corpus: its format and what it imports to' : NO_SAMPLES_REASON, () => {
  it('every file of the corpus has a row here, and every row a file', () => {
    expect(corpus().sort()).toEqual(Object.keys(CORPUS).sort());
  });

  it.each(Object.entries(CORPUS))('%s', async (file, expected) => {
    const full = path.join(SAMPLES, file);
    const sample = await readSample(full, path.basename(file));
    if ('refused' in expected) {
      let refusal = '';
      try {
        const { importer } = chooseImporter(sample);
        refusal = (await runImporter(importer, full)).error?.message ?? `imported as ${importer.format}`;
      } catch (err) {
        refusal = (err as Error).message;
      }
      expect(refusal).toMatch(expected.refused);
      return;
    }
    const { importer } = chooseImporter(sample);
    expect(importer.format).toBe(expected.format);
    const r = await runImporter(importer, full);
    expect(r.error).toBeNull();
    expect({ events: r.events.length, invalid: r.invalidTotal }).toEqual({ events: expected.events, invalid: expected.invalid ?? 0 });
  });
});
