/**
 * Every time in the app is shown in UTC with the zone written out, so that
 * times copied between analysts, reports and logs in other zones never mislead.
 * Example: 2026-11-26 17:40:12 UTC
 */
export function formatUtc(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
