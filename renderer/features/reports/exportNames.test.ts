import { describe, expect, it } from 'vitest';
import { fileStem, filterFor, intelName, reportName, tableName, timelineName } from './exportNames';

describe('proposed export file names', () => {
  it('make the case title safe for any file system', () => {
    expect(fileStem('Credential theft <script> & "friends" / ../etc')).toBe('credential-theft-script-friends-etc');
    expect(fileStem('Café été')).toBe('cafe-ete');
    expect(fileStem('***')).toBe('case');
    expect(fileStem('x'.repeat(100))).toHaveLength(60);
  });

  it('say what the file holds, with the right extension and dialog filter', () => {
    expect(reportName('Case 7', 'pdf')).toBe('case-7-report.pdf');
    expect(timelineName('Case 7', 'timesketch-jsonl')).toBe('case-7-timeline.jsonl');
    expect(timelineName('Case 7', 'csv')).toBe('case-7-timeline.csv');
    expect(intelName('Case 7', 'stix')).toBe('case-7-stix21.json');
    expect(tableName('Case 7', 'audit')).toBe('case-7-audit.csv');
    expect(filterFor('case-7-report.html')).toEqual({ name: 'HTML document', extensions: ['html'] });
  });
});
