import { describe, expect, it } from 'vitest';
import { MAX_DEPTH, MAX_NODES, MAX_XML_CHARS, readXml, XmlProblem } from './event-xml';

describe('the event XML reader', () => {
  it('reads elements, attributes in either quotes, text with references, CDATA, empty elements; skips comments and declarations', () => {
    const nodes = readXml(
      `<?xml version="1.0"?><!-- c --><Event xmlns="x"><System><Provider Name='Linux-Sysmon' Guid="{g}"/><EventID>1</EventID></System>` +
        `<EventData><Data Name="CommandLine">sh -c "a &amp;&amp; b" &lt;x&gt; &#x41;&#66; &bogus;</Data><Data Name="X"><![CDATA[<raw>]]></Data></EventData></Event>`,
    );
    expect(nodes).toEqual([
      {
        name: 'Event',
        attributes: [{ name: 'xmlns', value: 'x' }],
        children: [
          {
            name: 'System',
            attributes: [],
            children: [
              {
                name: 'Provider',
                attributes: [
                  { name: 'Name', value: 'Linux-Sysmon' },
                  { name: 'Guid', value: '{g}' },
                ],
                children: [],
              },
              { name: 'EventID', attributes: [], children: ['1'] },
            ],
          },
          {
            name: 'EventData',
            attributes: [],
            children: [
              { name: 'Data', attributes: [{ name: 'Name', value: 'CommandLine' }], children: ['sh -c "a && b" <x> AB &bogus;'] },
              { name: 'Data', attributes: [{ name: 'Name', value: 'X' }], children: ['<raw>'] },
            ],
          },
        ],
      },
    ]);
  });

  it('drops namespace prefixes from names', () => {
    expect(readXml('<e:Event><e:Data>1</e:Data></e:Event>')).toEqual([
      { name: 'Event', attributes: [], children: [{ name: 'Data', attributes: [], children: ['1'] }] },
    ]);
  });

  it('refuses what is not well formed, saying what and where', () => {
    const refusal = (xml: string) => {
      try {
        readXml(xml);
        return null;
      } catch (err) {
        expect(err).toBeInstanceOf(XmlProblem);
        return (err as Error).message;
      }
    };
    expect(refusal('<Event><System></Event>')).toBe('</Event> closes <System> at character 15');
    expect(refusal('<Event><Data Name="x">cut')).toBe('<Data> is not closed at character 25');
    expect(refusal('<Event a=1/>')).toBe('attribute "a" is not quoted at character 9');
    expect(refusal('<Event a="1/>')).toBe('attribute "a" is not closed at character 9');
    expect(refusal('<Event><!-- open')).toBe('an unterminated comment at character 7');
  });

  it('refuses a DOCTYPE (no entity expansion), deep nesting, too many nodes and too much text, quickly', () => {
    expect(() => readXml('<!DOCTYPE x [<!ENTITY a "aaaa">]><Event>&a;</Event>')).toThrow(/DOCTYPE/);
    expect(() => readXml(`${'<a>'.repeat(MAX_DEPTH + 2)}${'</a>'.repeat(MAX_DEPTH + 2)}`)).toThrow(`elements nested more than ${MAX_DEPTH} deep`);
    expect(() => readXml(`<a>${'<b/>'.repeat(MAX_NODES)}</a>`)).toThrow(`more than ${MAX_NODES} XML nodes`);
    expect(() => readXml(`<a>${'x'.repeat(MAX_XML_CHARS)}</a>`)).toThrow('the XML is longer than 1024 KiB');
    // A million unclosed "<a" would be quadratic in a reader that rescans: this one fails at the first.
    const started = performance.now();
    expect(() => readXml('<a '.repeat(300_000))).toThrow(XmlProblem);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
