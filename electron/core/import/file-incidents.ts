import path from 'node:path';
import type { ImportFormat } from '../../../shared/domain/import';
import { chooseImporter, readSample } from '../importers/registry';
import { statImportable } from '../fs/import-file';
import { Collector, PreviewLimitReached, type ImportedFile } from './collector';
import { readOnlyStages } from './collector-stages';
import { FileSource } from './file-source';

/** Records read for the incidents of a file before an import is asked about duplicates; the import itself checks every one. */
const INCIDENT_READ_LIMIT = 20_000;

/**
 * The ids (in their source) of the incidents a file holds, read the way an
 * import reads it, without writing anything: for telling the user, before an
 * import, that an incident is already a case.
 */
export async function fileIncidents(file: string, format: ImportFormat | undefined): Promise<{ format: ImportFormat; size: number; incidents: string[] }> {
  const name = path.basename(file);
  const { size } = await statImportable(file);
  const sample = await readSample(file, name);
  const { importer } = chooseImporter(sample, format);
  const source = new FileSource(file, name, size);
  const imported: ImportedFile = { name, size, timezone: 'UTC', mapping: null };
  const collector = new Collector(imported, readOnlyStages(imported, source), {
    signal: new AbortController().signal,
    onProgress: () => undefined,
    limit: INCIDENT_READ_LIMIT,
  });
  try {
    await importer.run(collector);
  } catch (err) {
    // Past the limit, or a file the import will refuse with its reasons: the incidents read so far are what is known.
    if (!(err instanceof PreviewLimitReached) && !(err instanceof Error)) throw err;
  } finally {
    await source.close();
  }
  return { format: importer.format, size, incidents: collector.cases.incidents.map((i) => i.externalId) };
}
