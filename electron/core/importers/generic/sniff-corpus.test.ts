import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAS_SAMPLES, NO_SAMPLES_REASON, SAMPLES } from '../../../../tests/unit/support/samples';
import { readSample } from '../registry';
import { hayabusaCsv } from '../hayabusa/hayabusa-csv';
import { plasoCsv } from '../plaso/plaso-csv';
import { plasoJsonl } from '../plaso/plaso-jsonl';
import { plasoStorage } from '../plaso/plaso-storage';
import { securityDatasets } from '../security-datasets/security-datasets';
import { zeek } from '../zeek/zeek';
import { suricataEve } from '../suricata/eve';
import { cloudtrail } from '../cloudtrail/cloudtrail';
import { osquery } from '../osquery/osquery';
import { hayabusaJson } from '../hayabusa/hayabusa-json';
import { microsoftPortalCsv } from '../microsoft/portal-csv';
import { evtxJson } from '../evtx/evtx-json';
import { velociraptor } from '../velociraptor/velociraptor';
import { ezCsv } from '../kape/ez-csv';
import { importerFor } from '../registry';
import { genericCsv } from './generic-csv';
import { genericJsonl } from './generic-jsonl';

/** Every sample file, relative to the corpus. */
function corpus(dir = SAMPLES): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? corpus(full) : [path.relative(SAMPLES, full)];
  });
}

/** Which samples each of these importers may claim strongly (≥ 0.5); every other file it must leave alone. */
const OWNED: [string, { sniff: (s: never) => number }, RegExp][] = [
  ['plaso-jsonl', plasoJsonl, /^timesketch\/plaso-json_line-centos-sshd\.jsonl$/],
  ['plaso-storage', plasoStorage, /^plaso\/.*\.plaso$/],
  ['plaso-csv', plasoCsv, /^$/],
  ['hayabusa-csv', hayabusaCsv, /^hayabusa\/.*\.csv$/],
  ['security-datasets', securityDatasets, /^security-datasets\/.*\.zip$/i],
  ['zeek', zeek, /^more\/zeek\//],
  ['suricata-eve', suricataEve, /^more\/suricata\//],
  ['cloudtrail', cloudtrail, /^more\/cloudtrail\//],
  ['osquery', osquery, /^more\/osquery\//],
  // No Hayabusa JSON in the corpus: it must leave every sample alone.
  ['hayabusa-json', hayabusaJson, /^$/],
  ['microsoft-csv', microsoftPortalCsv, /^more\/(defender-ah|sentinel-export)\/.*\.csv$/],
  ['evtx-json', evtxJson, /^more\/evtx-json\//],
  ['velociraptor', velociraptor, /^more\/velociraptor\//],
  // No tool CSV and no tar archive in the corpus: they must leave every sample alone.
  ['kape-csv', ezCsv, /^$/],
  ['tar', importerFor('tar'), /^$/],
  // Every zip is a weak claim (0.35): the format importers' strong ones win.
  ['zip', importerFor('zip'), /^$/],
];

describe.skipIf(!HAS_SAMPLES)(HAS_SAMPLES ? 'sniffing the whole sample corpus' : NO_SAMPLES_REASON, () => {
  it.each(OWNED)('%s claims its own samples and no other', async (_format, importer, owns) => {
    for (const file of corpus()) {
      const confidence = importer.sniff((await readSample(path.join(SAMPLES, file), path.basename(file))) as never);
      if (owns.test(file)) expect(confidence, file).toBeGreaterThanOrEqual(0.9);
      else expect(confidence, file).toBeLessThan(0.5);
    }
  });

  it('the generic importers never claim more than 0.1, so every specific importer wins', async () => {
    for (const file of corpus()) {
      const sample = await readSample(path.join(SAMPLES, file), path.basename(file));
      expect(genericCsv.sniff(sample), file).toBeLessThanOrEqual(0.1);
      expect(genericJsonl.sniff(sample), file).toBeLessThanOrEqual(0.1);
      if (file.endsWith('.json') && !file.endsWith('.jsonl')) expect(genericCsv.sniff(sample), file).toBe(0);
    }
  });
});
