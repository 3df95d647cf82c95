import type { QueryRequest, QueryResponse } from '@azure/arm-resourcegraph';
import { QuotaGate } from '../../../../src/clusters/resource-graph/quota-gate';
import { ResourceGraphQueryRunner, type ResourceGraphQueryClient } from '../../../../src/clusters/resource-graph/resource-graph-query-runner';
import { ManualClock } from '../../../../src/core/clock';
import { silentLogger } from '../../../../src/core/logger';
import { DEFAULT_CONFIG } from '../../../support/config-defaults';

/** Three pages of two rows; records when each request was made relative to the pages handed out. */
class PagedClient implements ResourceGraphQueryClient {
  readonly events: string[] = [];
  private readonly pages = [[{ n: 1 }, { n: 2 }], [{ n: 3 }, { n: 4 }], [{ n: 5 }, { n: 6 }]];

  async resources(query: QueryRequest): Promise<QueryResponse> {
    const index = query.options?.skipToken ? Number(query.options.skipToken) : 0;
    this.events.push(`request ${index + 1}`);
    const next = index + 1 < this.pages.length ? String(index + 1) : undefined;
    return { totalRecords: 6, count: 2, resultTruncated: 'false', data: this.pages[index], skipToken: next };
  }
}

function runner(client: ResourceGraphQueryClient) {
  const clock = new ManualClock('2026-11-25T12:00:00Z');
  return new ResourceGraphQueryRunner({ client, scope: { subscriptions: ['s'], managementGroups: [] }, clock, logger: silentLogger, gate: new QuotaGate(clock), retry: DEFAULT_CONFIG.resourceGraph.retry, requestTimeoutMs: DEFAULT_CONFIG.resourceGraph.requestTimeoutMs });
}

describe('ResourceGraphQueryRunner paging', () => {
  it('forEachPage hands over each page as it arrives, before the next request, and keeps no rows', async () => {
    const client = new PagedClient();
    const cost = await runner(client).forEachPage('q', 'c-1', (rows) => client.events.push(`page ${(rows as { n: number }[]).map((r) => r.n).join(',')}`));
    expect(client.events).toEqual(['request 1', 'page 1,2', 'request 2', 'page 3,4', 'request 3', 'page 5,6']);
    expect(cost).toEqual({ pages: 3, requests: 3, totalRecords: 6 });
    expect(cost).not.toHaveProperty('rows');
  });

  it('run still returns every row of every page in order', async () => {
    const outcome = await runner(new PagedClient()).run('q', 'c-2');
    expect(outcome.rows).toEqual([1, 2, 3, 4, 5, 6].map((n) => ({ n })));
    expect(outcome).toMatchObject({ pages: 3, requests: 3, totalRecords: 6 });
  });
});
