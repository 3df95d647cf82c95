import type { QueryRequest, QueryResponse, ResourcesOptionalParams } from '@azure/arm-resourcegraph';
import type { ArcClusterRow } from '../../src/clusters/arc-cluster-row';
import type { ResourceGraphQueryClient } from '../../src/clusters/resource-graph/resource-graph-query-runner';

export const FAKE_SUBSCRIPTION = '11111111-1111-1111-1111-111111111111';
const SUB = FAKE_SUBSCRIPTION;

/** A minimal Resource Graph row of a connected cluster (what the fake client answers with). */
export function row(name: string, rg = 'rg-1', status = 'Connected'): ArcClusterRow {
  return {
    id: `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Kubernetes/connectedClusters/${name}`,
    name,
    type: 'microsoft.kubernetes/connectedclusters',
    location: 'eastus',
    resourceGroup: rg,
    subscriptionId: SUB,
    properties: { connectivityStatus: status },
  };
}

/** One response; `totalRecords` is the whole result's row count (all pages), as Resource Graph sends it. */
export type Answer = { data: unknown; skipToken?: string; totalRecords?: number; headers?: Record<string, string> } | { error: unknown };

/**
 * A hand-written ResourceGraphQueryClient: answers from a script (or a default), records calls, and
 * can hold an answer back until the test releases it (to observe concurrent callers).
 */
export class FakeResourceGraph implements ResourceGraphQueryClient {
  readonly calls: QueryRequest[] = [];
  readonly script: Answer[] = [];
  fallback: (q: QueryRequest) => Answer = () => ({ data: [] });
  private gate: Promise<void> | undefined;
  private openGate: (() => void) | undefined;

  hold(): void {
    this.gate = new Promise((resolve) => (this.openGate = resolve));
  }
  release(): void {
    this.openGate?.();
    this.gate = undefined;
  }

  async resources(query: QueryRequest, options?: ResourcesOptionalParams): Promise<QueryResponse> {
    this.calls.push(query);
    if (this.gate) await this.gate;
    const answer = this.script.shift() ?? this.fallback(query);
    if ('error' in answer) throw answer.error;
    const headers = answer.headers ?? {};
    options?.onResponse?.({ headers: { get: (n: string) => headers[n.toLowerCase()] } } as never);
    const totalRecords = answer.totalRecords ?? (!answer.skipToken && Array.isArray(answer.data) && !this.calls.slice(0, -1).length ? answer.data.length : undefined);
    return { totalRecords: totalRecords as number, count: 0, resultTruncated: 'false', data: answer.data, skipToken: answer.skipToken };
  }
}

