/**
 * Windows event log channel names, as one spelling each. Exports write them in
 * whatever case their pipeline used ('security' and 'Security' in the same
 * Security-Datasets file), and a timeline faceted by source must not split one
 * channel in two.
 */
const KNOWN = [
  'Security',
  'System',
  'Application',
  'Setup',
  'Microsoft-Windows-Sysmon/Operational',
  'Microsoft-Windows-PowerShell/Operational',
  'Windows PowerShell',
  'Microsoft-Windows-WMI-Activity/Operational',
  'Microsoft-Windows-TaskScheduler/Operational',
  'Microsoft-Windows-Windows Defender/Operational',
  'Microsoft-Windows-TerminalServices-LocalSessionManager/Operational',
  'Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational',
  'Microsoft-Windows-SMBServer/Security',
  'Microsoft-Windows-Bits-Client/Operational',
  'Microsoft-Windows-DNS-Client/Operational',
  'Microsoft-Windows-NTLM/Operational',
  'Directory Service',
  'DNS Server',
];

const CANONICAL = new Map(KNOWN.map((name) => [name.toLowerCase(), name]));

/** Canonical spellings, learning the first spelling of channels it does not know. */
export class ChannelNames {
  private readonly seen = new Map(CANONICAL);

  canonical(channel: string): string {
    const key = channel.trim().toLowerCase();
    const known = this.seen.get(key);
    if (known) return known;
    this.seen.set(key, channel.trim());
    return channel.trim();
  }
}
