import { stat } from 'node:fs/promises';
import type { KnownExaminer, PackageCheck, PackageSigner, PackageVerification } from '../../../shared/domain/packages';
import type { AgeKeys } from './age/age';
import { fingerprint, verifySignature } from './examiner';
import { PackageContents } from './package-contents';
import { JOURNAL_FILE, MANIFEST_FILE, parseSums, SIGNATURE_FILE, signatureSchema, SUMS_FILE } from './package-format';
import { PackageRefused, readPackage } from './package-reader';
import { evidenceCheck } from './evidence-check';

/** Whose signatures this vault recognises: its own key and the examiners it knows. */
export interface SignerBook {
  self: Buffer | null;
  known: readonly KnownExaminer[];
}

/**
 * Verifies a package without writing anything: decrypts it, walks its tar,
 * and checks, in order, the structure, the manifest, every part's size and
 * hash, SHA256SUMS, the journal chain, every events file, and the signature.
 * Each check is reported with its result; the first failure is named.
 */
export async function verifyPackage(
  file: string,
  keys: AgeKeys,
  signers: SignerBook,
): Promise<{ verification: PackageVerification; contents: PackageContents; sha256: string | null }> {
  const contents = new PackageContents();
  const checks: PackageCheck[] = [];
  let signer: PackageSigner | null = null;
  const bytes = (await stat(file)).size;
  let sha256: string;
  try {
    ({ sha256 } = await readPackage(file, keys, contents.visit));
    checks.push({ name: 'decrypt', ok: true, detail: `age payload opened and authenticated (${bytes} bytes)` });
  } catch (err) {
    const refused = err instanceof PackageRefused ? err : null;
    // Anything else that stopped the reading (an entry over the size limit) is the package's structure.
    checks.push({ name: refused?.check ?? 'structure', ok: false, detail: (err as Error).message });
    return { verification: result(checks, contents, null, bytes), contents, sha256: null };
  }
  checks.push(structureCheck(contents));
  checks.push(
    contents.manifest
      ? { name: 'manifest', ok: true, detail: `case "${contents.manifest.case.title}" (${contents.manifest.case.id})` }
      : { name: 'manifest', ok: false, detail: contents.manifestProblem ?? `${MANIFEST_FILE} is missing` },
  );
  if (contents.manifest) {
    for (const part of contents.manifest.parts) {
      const seen = contents.files.get(part.name);
      const ok = seen !== undefined && seen.sha256 === part.sha256 && seen.bytes === part.bytes;
      checks.push({
        name: `hash ${part.name}`,
        ok,
        detail: ok
          ? `${part.bytes} bytes, SHA-256 ${part.sha256}`
          : seen
            ? `${part.name} differs from the manifest: SHA-256 ${seen.sha256}, ${seen.bytes} bytes, expected ${part.sha256}, ${part.bytes} bytes`
            : `${part.name} is missing`,
      });
    }
  }
  checks.push(sumsCheck(contents));
  checks.push(journalCheck(contents));
  checks.push(eventsCheck(contents));
  checks.push(evidenceCheck(contents.manifest, contents.journal?.records ?? [], contents.files));
  const sig = signatureCheck(contents, signers);
  checks.push(sig.check);
  signer = sig.signer;
  return { verification: result(checks, contents, signer, bytes), contents, sha256 };
}

function result(checks: PackageCheck[], contents: PackageContents, signer: PackageSigner | null, bytes: number): PackageVerification {
  const failed = checks.find((c) => !c.ok);
  return { ok: !failed, firstFailure: failed ? `${failed.name}: ${failed.detail}` : null, checks, manifest: contents.manifest, signer, bytes };
}

function structureCheck(c: PackageContents): PackageCheck {
  const missing = [JOURNAL_FILE, MANIFEST_FILE, SUMS_FILE].filter((n) => !c.files.has(n));
  if (missing.length) return { name: 'structure', ok: false, detail: `missing ${missing.join(', ')}` };
  const listed = new Set([...(c.manifest?.parts.map((p) => p.name) ?? []), MANIFEST_FILE, SUMS_FILE, SIGNATURE_FILE]);
  const extra = c.order.filter((n) => !listed.has(n));
  if (c.manifest && extra.length) return { name: 'structure', ok: false, detail: `files the manifest does not list: ${extra.slice(0, 5).join(', ')}` };
  return { name: 'structure', ok: true, detail: `${c.order.length} plain files, safe names, none twice` };
}

function sumsCheck(c: PackageContents): PackageCheck {
  if (c.sums === null) return { name: SUMS_FILE, ok: false, detail: `${SUMS_FILE} is missing` };
  let sums: Map<string, string>;
  try {
    sums = parseSums(c.sums);
  } catch (err) {
    return { name: SUMS_FILE, ok: false, detail: (err as Error).message };
  }
  for (const name of c.order) {
    if (name === SUMS_FILE || name === SIGNATURE_FILE) continue;
    const want = sums.get(name);
    if (!want) return { name: SUMS_FILE, ok: false, detail: `${name} is not listed` };
    if (want !== c.files.get(name)!.sha256) return { name: SUMS_FILE, ok: false, detail: `${name}: FAILED (its SHA-256 is not the one listed)` };
  }
  const absent = [...sums.keys()].filter((n) => !c.files.has(n));
  if (absent.length) return { name: SUMS_FILE, ok: false, detail: `lists files the package does not hold: ${absent.join(', ')}` };
  return { name: SUMS_FILE, ok: true, detail: `${sums.size} files match` };
}

function journalCheck(c: PackageContents): PackageCheck {
  const j = c.journal;
  if (!j) return { name: 'journal chain', ok: false, detail: `${JOURNAL_FILE} is missing` };
  if (j.problem) return { name: 'journal chain', ok: false, detail: j.problem };
  const m = c.manifest;
  if (m && (m.journal.head !== j.head || m.journal.records !== j.records.length)) {
    return {
      name: 'journal chain',
      ok: false,
      detail: `the journal's ${j.records.length} records end at ${j.head ?? 'nothing'}; the manifest says ${m.journal.records} records ending at ${m.journal.head ?? 'nothing'}`,
    };
  }
  return { name: 'journal chain', ok: true, detail: `${j.records.length} records chained to head ${j.head ?? '-'}` };
}

function eventsCheck(c: PackageContents): PackageCheck {
  let total = 0;
  for (const [name, seen] of c.events) {
    if (seen.problem) return { name: 'events', ok: false, detail: seen.problem };
    const part = c.manifest?.parts.find((p) => p.name === name);
    if (part && part.events !== seen.count)
      return { name: 'events', ok: false, detail: `${name} holds ${seen.count} events, the manifest says ${part.events}` };
    total += seen.count;
  }
  for (const [name, seen] of c.entities) {
    if (seen.problem) return { name: 'events', ok: false, detail: seen.problem };
    const part = c.manifest?.parts.find((p) => p.name === name);
    if (part && part.entities !== seen.count)
      return { name: 'events', ok: false, detail: `${name} holds ${seen.count} entities, the manifest says ${part.entities}` };
  }
  return {
    name: 'events',
    ok: true,
    detail: `${total} events in ${c.events.size} file(s), every line a Timesketch event; ${c.entities.size} file(s) of entities found in them`,
  };
}

function signatureCheck(c: PackageContents, signers: SignerBook): { check: PackageCheck; signer: PackageSigner | null } {
  const claimed = c.manifest?.createdBy.signingFingerprint ?? null;
  if (!c.signature) {
    const check = claimed
      ? { name: 'signature', ok: false, detail: `the manifest says it was signed by ${claimed}, but ${SIGNATURE_FILE} is missing` }
      : { name: 'signature', ok: true, detail: 'not signed' };
    return { check, signer: null };
  }
  const parsed = (() => {
    try {
      return signatureSchema.safeParse(JSON.parse(c.signature.toString('utf8')));
    } catch {
      return null;
    }
  })();
  if (!parsed?.success || !c.manifestBytes)
    return { check: { name: 'signature', ok: false, detail: `${SIGNATURE_FILE} is not a Casebook signature` }, signer: null };
  const key = Buffer.from(parsed.data.publicKey, 'base64');
  const print = fingerprint(key);
  const known = signers.known.find((k) => k.signingKey === parsed.data.publicKey) ?? null;
  const self = signers.self?.equals(key) ?? false;
  const signer: PackageSigner = {
    fingerprint: print,
    signingKey: parsed.data.publicKey,
    name: self ? 'this vault' : (known?.name ?? null),
    known: self || known !== null,
    self,
  };
  const valid = verifySignature(key, c.manifestBytes, Buffer.from(parsed.data.signature, 'base64'));
  if (!valid) return { check: { name: 'signature', ok: false, detail: `the signature by ${print} does not match the manifest` }, signer };
  if (claimed !== print)
    return { check: { name: 'signature', ok: false, detail: `signed by ${print}, but the manifest names ${claimed ?? 'no signer'}` }, signer };
  const who = self ? 'this vault’s own key' : known ? `${known.name} (a known examiner)` : 'a key this vault does not know';
  return { check: { name: 'signature', ok: true, detail: `valid Ed25519 signature by ${print}: ${who}` }, signer };
}
