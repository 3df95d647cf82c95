import { commonCards } from '../cards/common-cards';
import type { FindResult } from '../clusters/cluster-finder';
import { cardReply, type MessageReply, textReply } from './reply';
import { says } from './text';

/** Turns a lookup that did not find exactly one cluster into the reply; shared by status, diagnose and probe. */
export function replyForUnresolved(result: Exclude<FindResult, { kind: 'found' }>, command: string): MessageReply {
  switch (result.kind) {
    case 'invalid-name':
      return textReply(
        says`"${result.name.slice(0, 80)}" is not a valid cluster name (1-63 letters, digits, '-', '_' or '.'). Try \`clusters\` to list the fleet.`,
      );
    case 'ambiguous':
      return cardReply(
        commonCards.view('choose-cluster', { name: result.name, clusters: result.clusters, command }),
        `"${result.name}" exists in several places; type \`${command} <resource id>\`:\n` + result.clusters.map((c) => c.id).join('\n'),
      );
    case 'not-found':
      return cardReply(
        commonCards.view('cluster-not-found', { name: result.name, suggestions: result.suggestions, command }),
        `I could not find a cluster named "${result.name}".` + (result.suggestions.length ? ` Did you mean: ${result.suggestions.join(', ')}?` : ''),
      );
  }
}
