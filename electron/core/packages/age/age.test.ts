import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ageDecryptor, ageEncryptor, AgeError, type AgeKeys, type AgeRecipients } from './age';
import { encodeIdentity, encodeRecipient, generateAgeIdentity, parseIdentityFile, parseRecipient } from './age-keys';
import { bech32Decode } from './bech32';
import { CHUNK } from './age-stream';

const AGE = '/usr/bin/age';
const hasAge = existsSync(AGE) && existsSync('/usr/bin/age-keygen');
const dir = mkdtempSync(path.join(tmpdir(), 'cb-age-'));

async function encrypt(plain: Buffer, to: AgeRecipients): Promise<Buffer> {
  const out: Buffer[] = [];
  const enc = await ageEncryptor(to);
  enc.on('data', (b: Buffer) => out.push(b));
  await pipeline(Readable.from([plain]), enc);
  return Buffer.concat(out);
}

async function decrypt(sealed: Buffer, keys: AgeKeys, piece = 7919): Promise<Buffer> {
  const out: Buffer[] = [];
  const dec = ageDecryptor(keys);
  dec.on('data', (b: Buffer) => out.push(b));
  // Fed in odd-sized pieces, so header, nonce and chunks straddle reads.
  const pieces = function* () {
    for (let i = 0; i < sealed.length; i += piece) yield sealed.subarray(i, i + piece);
  };
  await pipeline(Readable.from(pieces()), dec);
  return Buffer.concat(out);
}

describe('age keys', () => {
  it('encodes X25519 keys as age1… and AGE-SECRET-KEY-1… Bech32 that decode to the same bytes', () => {
    const id = generateAgeIdentity();
    const recipient = encodeRecipient(id.publicKey);
    expect(recipient).toMatch(/^age1[0-9a-z]{58}$/);
    expect(parseRecipient(recipient)).toEqual(id.publicKey);
    const secret = encodeIdentity(id.secret);
    expect(secret).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]{58}$/);
    expect(parseIdentityFile(`# comment\n${secret}\n`)[0]!.publicKey).toEqual(id.publicKey);
  });

  it('refuses a key with a bad checksum or of the wrong kind', () => {
    const recipient = encodeRecipient(generateAgeIdentity().publicKey);
    const flipped = recipient.slice(0, -1) + (recipient.endsWith('q') ? 'p' : 'q');
    expect(() => parseRecipient(flipped)).toThrow(/bad checksum/);
    expect(() => parseRecipient(encodeIdentity(generateAgeIdentity().secret))).toThrow(/not an age X25519 recipient/);
    expect(() => bech32Decode('Age1qqqq')).toThrow(/mixed case/);
  });
});

describe('age format', () => {
  const sizes = [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 200_000];
  it.each(sizes)('round-trips %i bytes to a public key', async (size) => {
    const id = generateAgeIdentity();
    const plain = randomBytes(size);
    const sealed = await encrypt(plain, { recipients: [generateAgeIdentity().publicKey, id.publicKey] });
    expect(await decrypt(sealed, { identities: [id] })).toEqual(plain);
  });

  it('round-trips with a passphrase and refuses a wrong one by saying so', async () => {
    const plain = randomBytes(1000);
    const sealed = await encrypt(plain, { passphrase: 'right horse', workFactor: 10 });
    expect(await decrypt(sealed, { passphrase: 'right horse' })).toEqual(plain);
    await expect(decrypt(sealed, { passphrase: 'wrong horse' })).rejects.toThrow(/passphrase does not open/);
    await expect(decrypt(sealed, { identities: [generateAgeIdentity()] })).rejects.toThrow(/encrypted with a passphrase/);
  });

  it('refuses a wrong key, a changed header, a changed chunk and a cut-short file, each by name', async () => {
    const id = generateAgeIdentity();
    const sealed = await encrypt(randomBytes(3 * CHUNK), { recipients: [id.publicKey] });
    await expect(decrypt(sealed, { identities: [generateAgeIdentity()] })).rejects.toThrow(/wrong key/);
    const headerLen = sealed.indexOf('\n--- ') + 1;
    const header = Buffer.from(sealed);
    header[headerLen - 5]! ^= 1; // inside the stanza body (the wrapped file key): no key opens it
    await expect(decrypt(header, { identities: [id] })).rejects.toBeInstanceOf(AgeError);
    const body = Buffer.from(sealed);
    body[sealed.length - 100]! ^= 1;
    await expect(decrypt(body, { identities: [id] })).rejects.toThrow(/damaged at chunk 2/);
    const end = sealed.indexOf('\n', headerLen + 4) + 1 + 16;
    const cut = sealed.subarray(0, end + 2 * (CHUNK + 16));
    await expect(decrypt(cut, { identities: [id] })).rejects.toThrow(/cut short after chunk 1/);
    await expect(decrypt(sealed.subarray(0, 30), { identities: [id] })).rejects.toThrow(/cut short inside its age header/);
  });
});

describe.skipIf(!hasAge)("interoperability with Debian's age", () => {
  const keyFile = path.join(dir, 'key.txt');
  if (hasAge) execFileSync('/usr/bin/age-keygen', ['-o', keyFile], { stdio: 'ignore' });
  const keyText = () => readFileSync(keyFile, 'utf8');
  const plain = randomBytes(5 * CHUNK + 123);
  const plainFile = path.join(dir, 'plain.bin');
  writeFileSync(plainFile, plain);

  it('age -d -i opens what we encrypted to its public key', async () => {
    const recipient = /public key: (age1[0-9a-z]+)/.exec(keyText())![1]!;
    const file = path.join(dir, 'ours.age');
    await pipeline(createReadStream(plainFile), await ageEncryptor({ recipients: [parseRecipient(recipient)] }), createWriteStream(file));
    expect(execFileSync(AGE, ['-d', '-i', keyFile, file])).toEqual(plain);
  });

  it('we open what age -r encrypted, and what age -e -i encrypted with a key we made', async () => {
    const recipient = /public key: (age1[0-9a-z]+)/.exec(keyText())![1]!;
    const theirs = execFileSync(AGE, ['-r', recipient, plainFile]);
    expect(await decrypt(theirs, { identities: parseIdentityFile(keyText()) })).toEqual(plain);
    const ours = generateAgeIdentity();
    const theirsToOurs = execFileSync(AGE, ['-r', encodeRecipient(ours.publicKey), plainFile]);
    expect(await decrypt(theirsToOurs, { identities: [ours] })).toEqual(plain);
  });

  // age reads passphrases only from a terminal: util-linux `script` gives it one.
  const hasScript = existsSync('/usr/bin/script');
  it.skipIf(!hasScript)('age -d opens what we encrypted with a passphrase, and we open what age -p wrote', async () => {
    const ours = path.join(dir, 'ours-pw.age');
    await pipeline(createReadStream(plainFile), await ageEncryptor({ passphrase: 'tty horse staple', workFactor: 12 }), createWriteStream(ours));
    const out = path.join(dir, 'ours-pw.out');
    const run = spawnSync('/usr/bin/script', ['-qec', `${AGE} -d -o ${out} ${ours}`, '/dev/null'], { input: 'tty horse staple\n' });
    expect(run.status).toBe(0);
    expect(readFileSync(out)).toEqual(plain);
    const theirs = path.join(dir, 'theirs-pw.age');
    const enc = spawnSync('/usr/bin/script', ['-qec', `${AGE} -p -o ${theirs} ${plainFile}`, '/dev/null'], {
      input: 'their horse staple\ntheir horse staple\n',
    });
    expect(enc.status).toBe(0);
    expect(await decrypt(readFileSync(theirs), { passphrase: 'their horse staple' })).toEqual(plain);
  });
});
