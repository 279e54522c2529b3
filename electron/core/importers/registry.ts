import { promises as fs } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { ImportFormat } from '../../../shared/domain/import';
import type { Importer, Sample } from './types';
import { ImportProblem } from './problems';
import { IMPORT_READ_FLAGS } from '../fs/import-file';
import { timesketchCsv, timesketchJsonl } from './timesketch';
import { plasoJsonl } from './plaso/plaso-jsonl';
import { plasoCsv } from './plaso/plaso-csv';
import { plasoStorage } from './plaso/plaso-storage';
import { hayabusaCsv } from './hayabusa/hayabusa-csv';
import { securityDatasets } from './security-datasets/security-datasets';
import { genericCsv } from './generic/generic-csv';
import { genericJsonl } from './generic/generic-jsonl';
import { defenderMachineActions, graphSecurity, sentinel } from './microsoft';
import { stixImporter } from './stix/stix-importer';
import { mispImporter } from './misp/misp-importer';
import { evtxImporter } from './evtx/evtx';
import { zeek } from './zeek/zeek';
import { suricataEve } from './suricata/eve';
import { cloudtrail } from './cloudtrail/cloudtrail';
import { osquery } from './osquery/osquery';
import { hayabusaJson } from './hayabusa/hayabusa-json';
import { microsoftPortalCsv } from './microsoft/portal-csv';
import { evtxJson } from './evtx/evtx-json';
import { evtxYaml } from './evtx/evtx-yaml';
import { velociraptor } from './velociraptor/velociraptor';
import { ezCsv } from './kape/ez-csv';
import { tarArchive } from './tar/tar-archive';
import { zipArchive } from './archive/zip-archive';
import { unreadableFileMessage } from './unreadable-kinds';

/** Every importer, one module per format. Adding a format is one line here. */
export const IMPORTERS: readonly Importer[] = [
  timesketchCsv,
  timesketchJsonl,
  stixImporter,
  mispImporter,
  graphSecurity,
  defenderMachineActions,
  sentinel,
  microsoftPortalCsv,
  plasoJsonl,
  plasoStorage,
  evtxImporter,
  evtxJson,
  evtxYaml,
  plasoCsv,
  hayabusaCsv,
  ezCsv,
  securityDatasets,
  zeek,
  suricataEve,
  cloudtrail,
  osquery,
  velociraptor,
  hayabusaJson,
  tarArchive(entryImporter),
  zipArchive(entryImporter),
  genericCsv,
  genericJsonl,
];

export const SAMPLE_BYTES = 256 * 1024;

export async function readSample(file: string, name: string): Promise<Sample> {
  // Never blocks, even on a FIFO put in the file's place since it was checked (statImportable).
  const handle = await fs.open(file, IMPORT_READ_FLAGS);
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(Math.min(SAMPLE_BYTES, size));
    await handle.read(head, 0, head.length, 0);
    let text = new StringDecoder('utf8').write(head);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { name, size, head, text };
  } finally {
    await handle.close();
  }
}

/** The importer for a file inside an archive: the best detected, never a generic one (nobody is there to map its columns). */
function entryImporter(sample: Sample): Importer | null {
  const best = detect(sample).find((c) => !c.importer.format.startsWith('generic-'));
  return best && best.confidence >= 0.2 ? best.importer : null;
}

/** Formats that claim the file, best first. */
export function detect(sample: Sample): { importer: Importer; confidence: number }[] {
  return IMPORTERS.map((importer) => {
    let confidence = 0;
    try {
      confidence = importer.sniff(sample);
    } catch {
      confidence = 0;
    }
    return { importer, confidence };
  })
    .filter((c) => c.confidence > 0)
    .sort((a, b) => b.confidence - a.confidence);
}

export function importerFor(format: ImportFormat): Importer {
  const found = IMPORTERS.find((i) => i.format === format);
  if (!found) throw new ImportProblem(`no importer for format "${format}"; known: ${IMPORTERS.map((i) => i.format).join(', ')}`);
  return found;
}

/** The importer to use: the one the user chose, or the best detected; a clear error when none fits. */
export function chooseImporter(sample: Sample, format?: ImportFormat): { importer: Importer; candidates: { format: ImportFormat; confidence: number }[] } {
  const candidates = detect(sample).map((c) => ({ format: c.importer.format, confidence: c.confidence }));
  if (format) return { importer: importerFor(format), candidates };
  if (sample.size === 0) throw new ImportProblem(`${sample.name}: the file is empty`);
  const best = candidates[0];
  // A weak claim is still good enough from the generic importers: they ask for a column mapping.
  const weakButGeneric = best !== undefined && best.format.startsWith('generic-');
  if (!best || (best.confidence < 0.2 && !weakButGeneric)) {
    const unreadable = unreadableFileMessage(sample.name, sample.head);
    if (unreadable) throw new ImportProblem(unreadable);
    const nul = sample.head.subarray(0, 4096).indexOf(0);
    if (nul !== -1) throw new ImportProblem(`${sample.name}: byte ${nul} is a NUL byte: a binary file, not a format Casebook imports`);
    throw new ImportProblem(`${sample.name}: unknown schema: no importer recognises this file; choose a format, or map its columns as generic CSV/JSONL`);
  }
  return { importer: importerFor(best.format), candidates };
}
