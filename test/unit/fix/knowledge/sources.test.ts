import { knowledgeRuns } from '../../../../src/fix/cards/knowledge-text';
import { citationsIn, formatSources, SOURCE_PAGES, withoutCitations } from '../../../../src/fix/knowledge/sources';

describe('citations are links to public pages, never tags', () => {
  test('every tag but "derived" names a public documentation page', () => {
    for (const [tag, page] of Object.entries(SOURCE_PAGES)) {
      if (tag === 'derived') expect(page).toBeUndefined();
      else expect(page!.url).toMatch(/^https:\/\/(learn\.microsoft\.com|github\.com\/Azure\/azure-cli-extensions)\//);
    }
  });

  test('a knowledge text shows its commands in monospace and its tags as linked page titles', () => {
    const value = 'Open TCP 443 to `*.his.arc.azure.com`. [AMD-net-public][CLI-troubleshoot]';
    expect(citationsIn(value)).toEqual(['AMD-net-public', 'CLI-troubleshoot']);
    const runs = knowledgeRuns(value);
    expect(runs.map((r) => r.text).join('')).toBe('Open TCP 443 to *.his.arc.azure.com. Source: Network requirements (Azure public cloud) · az connectedk8s troubleshoot (source)');
    expect(runs.find((r) => r.text === '*.his.arc.azure.com')!.fontType).toBe('monospace');
    expect(runs.filter((r) => r.url).map((r) => r.url)).toEqual([SOURCE_PAGES['AMD-net-public']!.url, SOURCE_PAGES['CLI-troubleshoot']!.url]);
  });

  test('plain text drops the tags or names the pages', () => {
    expect(withoutCitations('Fix CoreDNS. [AMD-diagnose][AMD-pl]')).toBe('Fix CoreDNS.');
    expect(formatSources(['AMD-troubleshoot', 'derived'])).toBe('(see https://learn.microsoft.com/azure/azure-arc/kubernetes/troubleshooting)');
  });
});
