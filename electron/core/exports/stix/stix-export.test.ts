import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { useTempDirs } from '../../../../tests/unit/support/temp-dir';
import { buildExportCase, SHA256 } from '../../../../tests/unit/support/export-case';
import { exportEngine } from '../../../../tests/unit/support/export-engine';
import { scoId, uuidV5 } from './stix-ids';

const tempDir = useTempDirs();
const SCHEMAS = path.resolve(__dirname, '../../../../tests/fixtures/stix2-schemas/schemas');

/** Every schema of the official STIX 2.1 set, loaded by its $id, and the bundle's validator. */
function bundleValidator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => (statSync(path.join(dir, f)).isDirectory() ? walk(path.join(dir, f)) : [path.join(dir, f)]));
  for (const file of walk(SCHEMAS)) ajv.addSchema(JSON.parse(readFileSync(file, 'utf8')) as object);
  return ajv.getSchema('http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/common/bundle.json')!;
}

describe('STIX identifiers', () => {
  it('UUIDv5 as RFC 4122 gives it (python: uuid5(NAMESPACE_DNS, "python.org"))', () => {
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'python.org')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });

  it("SCO ids follow STIX 2.1 §2.9: UUIDv5 in the SCO namespace over the canonical JSON of the ID-contributing properties (python's uuid5 computed the expected values)", () => {
    expect(scoId('ipv4-addr', { value: '198.51.100.3' })).toBe('ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4');
    expect(scoId('file', { hashes: { 'SHA-256': SHA256 } })).toBe('file--b91bcf06-0d11-5a89-9c3a-8d4279aefe56');
  });
});

describe('STIX 2.1 export', () => {
  it('is valid against the official STIX 2.1 JSON schemas, with indicators, observables, marking and the case as a report', async () => {
    const dir = tempDir();
    const { call } = await exportEngine(dir);
    const caseId = await buildExportCase(call, dir);
    const out = path.join(dir, 'case.stix.json');
    const result = await call('exports.intel', { caseId, format: 'stix', out });
    const bundle = JSON.parse(readFileSync(out, 'utf8')) as { objects: Record<string, unknown>[] };
    const validate = bundleValidator();
    expect(validate(bundle), JSON.stringify(validate.errors?.slice(0, 5), null, 1)).toBe(true);
    expect(result.items).toBe(bundle.objects.length);

    const byType = (type: string) => bundle.objects.filter((o) => o.type === type);
    expect(
      byType('indicator')
        .map((o) => o.pattern)
        .sort(),
    ).toEqual(
      [
        "[domain-name:value = 'evil.example']",
        "[file:hashes.'SHA-256' = '" + SHA256 + "']",
        "[ipv4-addr:value = '203.0.113.7']",
        "[url:value = 'http://evil.example/it\\'s.ps1']",
      ].sort(),
    );
    expect(byType('ipv4-addr')).toContainEqual(expect.objectContaining({ value: '203.0.113.7', id: scoId('ipv4-addr', { value: '203.0.113.7' }) }));
    expect(byType('domain-name').map((o) => o.value)).toContain('evil.example');
    expect(byType('file')).toContainEqual(expect.objectContaining({ hashes: { 'SHA-256': SHA256 } }));
    expect(byType('user-account').length).toBeGreaterThan(0);
    const [report] = byType('report');
    expect(report!.object_refs).toHaveLength(bundle.objects.length - 2);
    // A device is infrastructure (STIX has no observable for a host).
    expect(byType('infrastructure').map((o) => o.name)).toContain('ws-042.contoso.com');
    expect(result.notes.join('\n')).not.toMatch(/device/);
  });

  it('writes devices and cloud resources as infrastructure, applications as software, processes with their command line, PID and image file', async () => {
    const dir = tempDir();
    const { call } = await exportEngine(dir);
    const caseId = await buildExportCase(call, dir);
    const evidence = [
      {
        '@odata.type': '#microsoft.graph.security.processEvidence',
        processId: 4242,
        processCommandLine: 'powershell.exe -enc SQBFAFgA',
        imageFile: { fileName: 'powershell.exe', filePath: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0' },
      },
      {
        '@odata.type': '#microsoft.graph.security.azureResourceEvidence',
        resourceId: '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-01',
        resourceName: 'vm-01',
      },
      { '@odata.type': '#microsoft.graph.security.cloudApplicationEvidence', displayName: 'Dropbox', appId: 1234 },
    ];
    const alert = {
      '@odata.type': '#microsoft.graph.security.alert',
      id: 'da-9',
      title: 'Encoded command',
      severity: 'high',
      status: 'new',
      createdDateTime: '2024-03-01T09:55:00Z',
      evidence,
    };
    const file = path.join(dir, 'more.json');
    writeFileSync(file, JSON.stringify({ value: [alert] }));
    await call('import.start', { taskId: 'more', file, caseId });
    const out = path.join(dir, 'case.stix.json');
    const result = await call('exports.intel', { caseId, format: 'stix', out });
    const bundle = JSON.parse(readFileSync(out, 'utf8')) as { objects: Record<string, unknown>[] };
    const validate = bundleValidator();
    expect(validate(bundle), JSON.stringify(validate.errors?.slice(0, 5), null, 1)).toBe(true);
    const byType = (type: string) => bundle.objects.filter((o) => o.type === type);
    expect(byType('infrastructure').map((o) => o.name)).toEqual(expect.arrayContaining(['vm-01', 'ws-042.contoso.com']));
    expect(byType('software').map((o) => o.name)).toEqual(['Dropbox']);
    const [process] = byType('process');
    expect(process).toMatchObject({ command_line: 'powershell.exe -enc SQBFAFgA', pid: 4242 });
    const image = bundle.objects.find((o) => o.id === process!.image_ref)!;
    expect(image).toMatchObject({ type: 'file', name: 'powershell.exe' });
    expect(bundle.objects.find((o) => o.id === image.parent_directory_ref)).toMatchObject({
      type: 'directory',
      path: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0',
    });
    // Referred-to objects come before the objects referring to them, and the report names them all.
    const at = (id: unknown) => bundle.objects.findIndex((o) => o.id === id);
    expect(at(image.id)).toBeLessThan(at(process!.id));
    expect(byType('report')[0]!.object_refs).toEqual(expect.arrayContaining([process!.id, image.id, image.parent_directory_ref]));
    expect(result.notes.join('\n')).not.toMatch(/device|process|cloud/);
  });

  it('is deterministic: the same case exports to the same bytes', async () => {
    const dir = tempDir();
    const { call } = await exportEngine(dir);
    const caseId = await buildExportCase(call, dir);
    await call('exports.intel', { caseId, format: 'stix', out: path.join(dir, 'a.json') });
    await call('exports.intel', { caseId, format: 'stix', out: path.join(dir, 'b.json') });
    expect(readFileSync(path.join(dir, 'a.json'))).toEqual(readFileSync(path.join(dir, 'b.json')));
  });

  it("reads back through Casebook's STIX importer to the same indicators", async () => {
    const dir = tempDir();
    const { call } = await exportEngine(dir);
    const caseId = await buildExportCase(call, dir);
    const out = path.join(dir, 'case.stix.json');
    await call('exports.intel', { caseId, format: 'stix', out });
    const back = (await call('cases.create', { title: 'From STIX' })).cases![0]!.id;
    await call('import.start', { taskId: 's', file: out, caseId: back, format: 'stix21' });
    // The observables come back too, as entities and as indicators not for detection; the indicators are those for detection.
    const values = async (id: string) =>
      (await call('indicators.list', { caseId: id })).indicators
        .filter((i) => i.forDetection)
        .map((i) => `${i.type} ${i.value}`)
        .sort();
    expect(await values(back)).toEqual(await values(caseId));
  });
});
