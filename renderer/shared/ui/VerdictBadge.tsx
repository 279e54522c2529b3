/** An entity's verdict in its colour (malicious red, suspicious amber, benign green); a dash when there is none. */
export function VerdictBadge({ verdict }: { verdict: string | null }) {
  if (!verdict) return <span className="faint">–</span>;
  const tone = verdict.toLowerCase();
  return <span className={`badge verdict verdict-${/^[a-z]+$/.test(tone) ? tone : 'other'}`}>{verdict[0]!.toUpperCase() + verdict.slice(1)}</span>;
}
