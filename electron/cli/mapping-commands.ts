import { CasebookError } from '../../shared/ipc/errors';
import type { ColumnMapping } from '../../shared/domain/import';
import { str, withUnlocked, type Call, type CommandContext, type CommandTable } from './cli-context';

/** casebook mapping ...: saved column mappings for generic CSV/JSONL, and the --map syntax import uses. */
export const mappingCommands: CommandTable = {
  'mapping list': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const mappings = await call('mappings.list', {});
      const text = Object.entries(mappings)
        .map(([name, m]) => `${name}: ${mappingSpec(m)}`)
        .join('\n');
      return { json: mappings, text: text || 'no saved mappings' };
    }),

  'mapping delete': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const name = ctx.args[0];
      if (!name) throw new CasebookError('invalid-input', 'mapping delete: name the mapping');
      if (!(name in (await call('mappings.list', {})))) throw new CasebookError('invalid-input', `no saved mapping "${name}"`);
      return { json: await call('mappings.delete', { name }), text: `deleted mapping ${name}` };
    }),
};

const MAP_KEYS: Record<string, keyof ColumnMapping> = {
  time: 'time',
  format: 'timeFormat',
  message: 'message',
  desc: 'timestampDesc',
  host: 'host',
  user: 'user',
  source: 'source',
  tags: 'tags',
};

/** `time=ts,format=iso,message=msg+detail,host=h` → a column mapping (message columns joined by '+'). */
export function parseMappingSpec(spec: string): ColumnMapping {
  const mapping: Record<string, unknown> = { timeFormat: 'iso', message: [] };
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=');
    const key = MAP_KEYS[part.slice(0, eq).trim()];
    if (eq < 1 || !key) {
      throw new CasebookError('invalid-input', `--map: "${part}" is not KEY=COLUMN (keys: ${Object.keys(MAP_KEYS).join(', ')})`);
    }
    const value = part.slice(eq + 1).trim();
    mapping[key] =
      key === 'message'
        ? value
            .split('+')
            .map((v) => v.trim())
            .filter(Boolean)
        : value;
  }
  if (!mapping.time) throw new CasebookError('invalid-input', '--map: name the time column (time=COLUMN)');
  return mapping as ColumnMapping;
}

export function mappingSpec(m: ColumnMapping): string {
  const parts = [`time=${m.time}`, `format=${m.timeFormat}`];
  if (m.message.length) parts.push(`message=${m.message.join('+')}`);
  for (const [flag, key] of Object.entries(MAP_KEYS)) {
    if (['time', 'format', 'message'].includes(flag)) continue;
    const v = m[key];
    if (typeof v === 'string' && v) parts.push(`${flag}=${v}`);
  }
  return parts.join(',');
}

/** --map SPEC (optionally saved with --save-mapping NAME) or --mapping NAME (a saved one). */
export async function mappingFromFlags(ctx: CommandContext, call: Call): Promise<ColumnMapping | undefined> {
  const spec = str(ctx.flags.map);
  const name = str(ctx.flags.mapping);
  if (spec && name) throw new CasebookError('invalid-input', 'import: use --map or --mapping, not both');
  if (name) {
    const saved = (await call('mappings.list', {}))[name];
    if (!saved) throw new CasebookError('invalid-input', `import: no saved mapping "${name}" (see casebook mapping list)`);
    return saved;
  }
  if (!spec) return undefined;
  const mapping = parseMappingSpec(spec);
  const saveAs = str(ctx.flags['save-mapping']);
  if (saveAs) await call('mappings.save', { name: saveAs, mapping });
  return mapping;
}
