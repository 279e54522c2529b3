#!/usr/bin/env node
// Builds shared/attack/enterprise-attack.json, the ATT&CK technique catalogue
// Casebook ships, from MITRE's public STIX data. The input is either the
// enterprise-attack bundle (one JSON file, as in mitre-attack/attack-stix-data)
// or the enterprise-attack folder of github.com/mitre/cti (one bundle per object).
// Deprecated and revoked objects are left out.
//
//   node build/attack-catalogue.mjs <bundle.json | enterprise-attack folder> \
//     --version 18.1 --source github.com/mitre/cti@<commit> [--out shared/attack/enterprise-attack.json]
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

function parseArgs(argv) {
  const args = { input: null, version: null, source: null, out: 'shared/attack/enterprise-attack.json' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--version' || a === '--source' || a === '--out') args[a.slice(2)] = argv[++i];
    else if (!args.input) args.input = a;
    else throw new Error(`unexpected argument ${a}`);
  }
  if (!args.input || !args.version || !args.source) {
    throw new Error('usage: attack-catalogue.mjs <bundle.json | enterprise-attack folder> --version V --source S [--out FILE]');
  }
  return args;
}

/** Every STIX object of the input: one bundle, or every *.json bundle under the folder's object-type folders. */
function readObjects(input) {
  const files = [];
  const walk = (p) => {
    if (statSync(p).isDirectory()) for (const name of readdirSync(p).sort()) walk(path.join(p, name));
    else if (p.endsWith('.json')) files.push(p);
  };
  walk(input);
  const objects = [];
  for (const file of files) {
    const bundle = JSON.parse(readFileSync(file, 'utf8'));
    if (bundle.type !== 'bundle' || !Array.isArray(bundle.objects)) throw new Error(`${file}: not a STIX bundle`);
    objects.push(...bundle.objects);
  }
  return objects;
}

const attackId = (o) => o.external_references?.find((r) => r.source_name === 'mitre-attack')?.external_id ?? null;
const live = (o) => !o.revoked && !o.x_mitre_deprecated;
const inEnterprise = (o) => !o.x_mitre_domains || o.x_mitre_domains.includes('enterprise-attack');

function buildCatalogue(objects) {
  const tacticByShortname = new Map();
  for (const o of objects) {
    if (o.type !== 'x-mitre-tactic' || !live(o) || !inEnterprise(o)) continue;
    tacticByShortname.set(o.x_mitre_shortname, { id: attackId(o), name: o.name, shortname: o.x_mitre_shortname });
  }
  // Tactics in the matrix's order (the order analysts read them in).
  const matrix = objects.find((o) => o.type === 'x-mitre-matrix' && live(o) && attackId(o) === 'enterprise-attack');
  const tacticById = new Map(objects.filter((o) => o.type === 'x-mitre-tactic').map((o) => [o.id, o.x_mitre_shortname]));
  const order = matrix ? matrix.tactic_refs.map((ref) => tacticById.get(ref)).filter(Boolean) : [...tacticByShortname.keys()].sort();
  const tactics = order.map((s) => tacticByShortname.get(s)).filter(Boolean);

  const techniques = {};
  for (const o of objects) {
    if (o.type !== 'attack-pattern' || !live(o) || !inEnterprise(o)) continue;
    const id = attackId(o);
    if (!id || !/^T\d{4}(\.\d{3})?$/.test(id)) throw new Error(`${o.id}: no ATT&CK id of the form Tnnnn[.nnn] (${id})`);
    if (techniques[id]) throw new Error(`${id}: two live attack-patterns carry this id`);
    const phases = (o.kill_chain_phases ?? []).filter((k) => k.kill_chain_name === 'mitre-attack').map((k) => k.phase_name);
    for (const p of phases) if (!tacticByShortname.has(p)) throw new Error(`${id}: tactic ${p} is not an enterprise tactic`);
    techniques[id] = { name: o.name, tactics: phases.sort((a, b) => order.indexOf(a) - order.indexOf(b)) };
  }
  const sorted = Object.fromEntries(Object.entries(techniques).sort(([a], [b]) => a.localeCompare(b)));
  return { tactics, techniques: sorted };
}

const args = parseArgs(process.argv.slice(2));
const { tactics, techniques } = buildCatalogue(readObjects(args.input));
const catalogue = {
  domain: 'enterprise-attack',
  attackVersion: args.version,
  source: args.source,
  license: 'ATT&CK is a registered trademark of The MITRE Corporation; data © The MITRE Corporation, reproduced under the ATT&CK Terms of Use',
  generatedBy: 'build/attack-catalogue.mjs',
  tactics,
  techniques,
};
// One technique a line: small diffs when a new ATT&CK version is generated.
const lines = Object.entries(techniques).map(([id, t]) => `    ${JSON.stringify(id)}: ${JSON.stringify(t)}`);
const head = JSON.stringify({ ...catalogue, techniques: undefined }, null, 2).replace(/\n}$/, '');
writeFileSync(args.out, `${head},\n  "techniques": {\n${lines.join(',\n')}\n  }\n}\n`);
console.log(`${args.out}: ${tactics.length} tactics, ${lines.length} techniques and sub-techniques (ATT&CK ${args.version})`);
