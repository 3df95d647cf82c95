import { card, text } from '../../../src/cards/adaptive-card';
import { cardCatalogue } from '../../../src/cards/card-catalogue';
import { observeCluster } from '../../../src/tell/fleet-diff';
import { clusterAlertMessage } from '../../../src/tell/alert-messages';
import { ReplyRenderer } from '../../../src/teams/reply-renderer';
import { textReply } from '../../../src/chat/reply';
import { says } from '../../../src/chat/text';
import { shownText } from '../../support/shown-text';
import { ALL_CARD_CATALOGUES } from '../../support/cards';
import { aCluster, offline, TEST_NOW } from '../../support/clusters';

const GOV_PORTAL = 'https://portal.azure.us';
const renderer = () => new ReplyRenderer(ALL_CARD_CATALOGUES, { portalHost: GOV_PORTAL });

function offlineAlert() {
  const cluster = offline(aCluster({ name: 'store-0421' }, TEST_NOW), TEST_NOW, 40);
  const state = { ...observeCluster(cluster, TEST_NOW, '1.36.1'), statusSince: TEST_NOW.toISOString(), seq: 1 };
  return clusterAlertMessage({ kinds: ['offline'], state, cluster, now: TEST_NOW });
}

describe('ReplyRenderer: the one place a message becomes an activity', () => {
  test('a card goes alone in its activity, with a one-line summary and the text as fallback when the card has none', () => {
    const plainCards = cardCatalogue({ note: (m: { line: string }) => card([text(m.line)]) });
    const message = { text: 'First line\nsecond line', view: plainCards.view('note', { line: 'x' }) };
    const activity = new ReplyRenderer([plainCards], { portalHost: GOV_PORTAL }).toActivity(message);
    expect(activity.text).toBeUndefined();
    expect(activity.attachments).toHaveLength(1);
    expect(activity.attachments![0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect((activity.attachments![0].content as { fallbackText: string }).fallbackText).toBe(message.text);
    expect(activity.summary).toBe('First line');
  });

  test('cards link to the configured cloud\'s portal (alerts are rendered at send time, so a stored alert follows the setting)', () => {
    const content = JSON.stringify(renderer().toActivity(offlineAlert()).attachments![0].content);
    expect(content).toContain(`"url":"${GOV_PORTAL}/#@`);
    expect(content).not.toContain('portal.azure.com');
  });

  test('a channel without cards gets the plain text as typed (textFormat plain): code in backticks, data without bidi overrides', () => {
    const message = textReply(says`Remove with \`unsubscribe <n>\`; tag ${'[x](javascript:alert(1)) abc\u202Egnp'}`);
    const activity = renderer().toActivity({ ...message, view: offlineAlert().view }, 'sms');
    expect(activity.attachments ?? []).toHaveLength(0);
    expect(activity.textFormat).toBe('plain');
    expect(activity.text).toBe('Remove with `unsubscribe <n>`; tag [x]\\(javascript:alert(1)) abc[U+202E]gnp');
  });

  test('Teams text is HTML from the segments: punctuation as character references, code in <code>, data unlinkable', () => {
    const message = textReply(says`Remove with \`unsubscribe <n>\` *now*; tag ${'[Reset](https://evil.example/login) a@b.example'}`);
    const activity = renderer().toActivity({ ...message, note: 'Line two & more.' });
    expect(activity.textFormat).toBe('xml');
    expect(activity.text).toBe(
      'Remove with <code>unsubscribe &#60;n&#62;</code> &#42;now&#42;; tag ' +
        '&#91;Reset&#93;&#40;https<span>:</span>//evil<span>.</span>example/login&#41; a@b<span>.</span>example' +
        '<br><br>Line two &#38; more.',
    );
    // Nothing is left for HTML or markdown to read as syntax: every tag is one the renderer wrote.
    expect(activity.text!.replace(/<\/?(code|span|br)>/g, '')).not.toMatch(/[<>[\]()*_`\\]/);
    expect(shownText(activity)).toBe(`Remove with \`unsubscribe <n>\` *now*; tag [Reset](https://evil.example/login) a@b.example\n\nLine two & more.`);
  });

  test('a plain string reply is the bot\'s own words: its backticked commands are code', () => {
    expect(renderer().toActivity(textReply('Try `status <cluster>`.')).text).toBe('Try <code>status &#60;cluster&#62;</code>.');
  });

  test('the first character of a message cannot start a list or heading', () => {
    expect(renderer().toActivity(textReply('1. first - second')).text).toBe('&#49;. first - second');
    expect(renderer().toActivity(textReply(says`${'- x'}`)).text).toBe('&#45; x');
  });

  test('a view naming no known card is our fault, said loudly', () => {
    expect(() => renderer().toActivity({ text: 'x', view: { card: 'no-such-card', model: {} } })).toThrow('No card builder named "no-such-card".');
  });

  test('two features may not define the same card name', () => {
    const twin = cardCatalogue({ status: () => card([text('x')]) });
    expect(() => new ReplyRenderer([...ALL_CARD_CATALOGUES, twin], { portalHost: GOV_PORTAL })).toThrow('Two features define a card named "status".');
  });
});
