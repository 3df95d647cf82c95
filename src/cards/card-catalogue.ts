import type { AdaptiveCard } from './adaptive-card';

/**
 * A card the bot wants to show, as data: the name of a card builder and the model it takes.
 * Replies and stored alerts carry this, never card JSON; the channel edge renders it when it sends,
 * so an alert queued before an upgrade is drawn by the current builder.
 */
export interface CardView {
  card: string;
  model: unknown;
}

/**
 * What every card of this deployment shares and no stored model should carry: the Azure portal of
 * the configured cloud (portal.azure.com, portal.azure.us, portal.azure.cn). The renderer passes it.
 */
export interface RenderContext {
  portalHost: string;
}

// Builders take different models; `any` here is only the catalogue's storage type, each view() call is typed.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CardBuilders = Record<string, (model: any, context?: RenderContext) => AdaptiveCard>;

/** A feature's named card builders, and a typed way to name one of them with its model. */
export interface CardCatalogue<B extends CardBuilders = CardBuilders> {
  readonly builders: B;
  view<K extends keyof B & string>(card: K, model: Parameters<B[K]>[0]): CardView;
}

export function cardCatalogue<B extends CardBuilders>(builders: B): CardCatalogue<B> {
  return { builders, view: (card, model) => ({ card, model }) };
}
