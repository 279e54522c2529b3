import type { Severity } from '../../../shared/domain/case';

export const SEVERITY_LABEL: Record<Severity, string> = {
  informational: 'Informational',
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  critical: 'Critical',
};

/**
 * A label cut to `max` characters: a path keeps its last part (the file name
 * says more than the drive), a digest its start and end, words their start.
 */
export function shortLabel(text: string, max: number): string {
  if (text.length <= max) return text;
  const parts = text.split(/[\\/]/).filter(Boolean);
  const last = parts.at(-1) ?? '';
  if (parts.length > 1 && last.length + 2 <= max) return `…${text.includes('\\') ? '\\' : '/'}${last}`;
  // A digest or id is told apart by both ends; words read from the start.
  if (/^[0-9a-f-]+$/i.test(text)) {
    const head = Math.ceil((max - 1) * 0.6);
    return `${text.slice(0, head)}…${text.slice(text.length - (max - 1 - head))}`;
  }
  return `${text.slice(0, max - 1).trimEnd()}…`;
}
