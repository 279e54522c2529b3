import { expect, it } from 'vitest';
import { isExternalLink } from './external-links';

it('opens outside only http, https and mailto links with a host or address', () => {
  for (const url of ['https://attack.mitre.org/', 'HTTP://intranet/wiki?q=1', 'mailto:soc@example.com']) expect(isExternalLink(url), url).toBe(true);
  for (const url of [
    'javascript:alert(1)',
    'java\tscript:alert(1)',
    ' https://example.com',
    'https://exa mple.com',
    'data:text/html,x',
    'file:///etc/passwd',
    'app://casebook/index.html',
    'https:///nohost',
    '//example.com',
    '../relative',
    'vbscript:x',
  ])
    expect(isExternalLink(url), url).toBe(false);
});
