import { ManualClock } from '../../src/core/clock';
import { cardOf, visibleText } from '../support/connector-standin';
import { startTestBot, type TestBot, teamsMessage } from '../support/bot-harness';

/**
 * Buttons whose answer belongs in their card (Refresh, Next/Previous, diagnose answers) edit that
 * card: Action.Submit through updateActivity (PUT), Action.Execute through the invoke response
 * and updateActivity, so the card changes for everyone in the conversation.
 */
const clock = new ManualClock('2026-11-01T12:00:00Z');
let bot: TestBot;

beforeAll(async () => {
  bot = await startTestBot({ clock });
});
afterAll(async () => bot?.stop());

/** What an `Action.Execute` click sends: an invoke named adaptiveCard/action with the button's data. */
function executeClick(data: Record<string, unknown>, replyToId: string, scope: 'personal' | 'channel' = 'personal') {
  const message = teamsMessage('', bot.connector.url, { scope, mention: false });
  delete message.text;
  return { ...message, type: 'invoke', name: 'adaptiveCard/action', replyToId, value: { action: { type: 'Action.Execute', verb: 'command', data }, trigger: 'manual' } };
}

function refreshButtonOf(card: Record<string, any>): Record<string, any> {
  return card.actions.find((a: { title: string }) => a.title === 'Refresh');
}

describe('card actions update the card they are on', () => {
  test('the status card\'s Refresh is an Action.Execute with an Action.Submit fallback carrying the same command', async () => {
    const [reply] = await bot.say('status store-0421');
    const refresh = refreshButtonOf(cardOf(reply)!);
    expect(refresh).toMatchObject({ type: 'Action.Execute', verb: 'command', data: { command: expect.stringMatching(/^status \/subscriptions\//), inPlace: true } });
    expect(refresh.fallback).toEqual({ type: 'Action.Submit', title: 'Refresh', data: refresh.data });
  });

  test('Refresh clicked as Action.Submit edits the card (PUT to its id) instead of posting a new one', async () => {
    const [reply] = await bot.say('status store-0421');
    const { data } = refreshButtonOf(cardOf(reply)!);
    const cardId = bot.connector.calls[bot.connector.calls.length - 1].answeredId!;
    const before = bot.connector.calls.length;
    const res = await bot.post({ ...teamsMessage('', bot.connector.url, { value: data }), replyToId: cardId });
    expect(res.status).toBe(200);
    const calls = await bot.connector.waitFor(before + 1);
    const after = calls.slice(before);
    expect(after.map((c) => c.method)).toEqual(['PUT']);
    expect(after[0].activityId).toBe(cardId);
    expect(visibleText(after[0].activity)).toContain('**store-0421** is **Offline**');
  });

  test('Refresh clicked as Action.Execute answers with the refreshed card and also edits the message for everyone', async () => {
    const before = bot.connector.calls.length;
    const res = await bot.post(executeClick({ command: 'status store-0421', inPlace: true }, 'card-7'));
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body);
    expect(body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(JSON.stringify(body.value)).toContain('is **Offline**');
    const after = (await bot.connector.waitFor(before + 1)).slice(before);
    expect(after.map((c) => `${c.method} ${c.activityId}`)).toEqual(['PUT card-7']);
  });

  test('Next on a cluster list edits the list card in place', async () => {
    const before = bot.connector.calls.length;
    const res = await bot.post(executeClick({ command: 'clusters page 2', inPlace: true }, 'list-1'));
    const body = JSON.parse(res.body);
    expect(JSON.stringify(body.value)).toMatch(/Showing 21-/);
    expect((await bot.connector.waitFor(before + 1)).slice(before).map((c) => c.method)).toEqual(['PUT']);
  });

  test('a button without inPlace still posts its answer as a new message', async () => {
    const before = bot.connector.calls.length;
    await bot.post({ ...teamsMessage('', bot.connector.url, { value: { command: 'status store-0421' } }), replyToId: 'summary-1' });
    expect((await bot.connector.waitFor(before + 1)).slice(before).map((c) => c.method)).toEqual(['POST']);
  });

  test('a click on a diagnose card after the diagnosis ended answers in one line, with "Diagnose again", in that card', async () => {
    const id = '/subscriptions/0/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/store-0421';
    const before = bot.connector.calls.length;
    const res = await bot.post(executeClick({ command: 'no', diagnoseStep: 'B1', diagnoseCluster: id, inPlace: true }, 'question-1'));
    const card = JSON.parse(res.body).value;
    expect(card.body.map((b: { text: string }) => b.text)).toEqual(['This diagnosis of store-0421 has ended.']);
    expect(card.actions).toEqual([expect.objectContaining({ title: 'Diagnose again', data: { command: `diagnose ${id}` } })]);
    const after = (await bot.connector.waitFor(before + 1)).slice(before);
    expect(after.map((c) => `${c.method} ${c.activityId}`)).toEqual(['PUT question-1']);
    expect(visibleText(after[0].activity)).not.toContain("I don't know");
  });

  test('diagnose: a clicked answer turns the question card into the next question; a typed answer switches the old card off and posts the next', async () => {
    const conversationId = 'a:diagnose-in-place';
    const [question] = await bot.say('diagnose store-0421', { conversationId });
    const questionId = bot.connector.calls[bot.connector.calls.length - 1].answeredId!;
    const yes = cardOf(question)!.body.flatMap((b: any) => b.actions ?? []).find((a: any) => a.data?.command === 'yes');
    expect(yes).toMatchObject({ type: 'Action.Execute', data: { diagnoseStep: 'B1', diagnoseCluster: expect.stringMatching(/store-0421$/), inPlace: true } });

    let before = bot.connector.calls.length;
    const res = await bot.post({ ...executeClick(yes.data, questionId), conversation: { id: conversationId, conversationType: 'personal', tenantId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' } });
    expect(JSON.stringify(JSON.parse(res.body).value)).toContain('step 2');
    expect((await bot.connector.waitFor(before + 1)).slice(before).map((c) => `${c.method} ${c.activityId}`)).toEqual([`PUT ${questionId}`]);

    before = bot.connector.calls.length;
    await bot.post(teamsMessage('running', bot.connector.url, { conversationId }));
    const after = (await bot.connector.waitFor(before + 2)).slice(before);
    expect(after.map((c) => c.method)).toEqual(['PUT', 'POST']);
    expect(after[0].activityId).toBe(questionId);
    expect(visibleText(after[0].activity)).toContain('The diagnosis goes on in the card below.');
    expect(visibleText(after[0].activity)).not.toContain('[1.');
    expect(visibleText(after[1].activity)).toContain('step 3');
  });

  test('diagnose: when nobody answers in time, the leader\'s sweep turns the question card off; a later click on it answers "has ended"', async () => {
    const conversationId = 'a:diagnose-timeout';
    const [question] = await bot.say('diagnose store-0421', { conversationId });
    const questionId = bot.connector.calls[bot.connector.calls.length - 1].answeredId!;
    const no = cardOf(question)!.body.flatMap((b: any) => b.actions ?? []).find((a: any) => a.data?.command === 'no');
    const deadline = new Date(clock.now().getTime() + 30 * 60_000).toISOString().slice(11, 16);

    // No click, no message: the sweep (each minute of the bot's clock) finds the deadline passed.
    const before = bot.connector.calls.length;
    await clock.advance(31 * 60_000);
    await clock.advance(60_000);
    const swept = (await bot.connector.waitFor(before + 1)).slice(before);
    expect(swept.map((c) => `${c.method} ${c.activityId}`)).toEqual([`PUT ${questionId}`]);
    expect(visibleText(swept[0].activity)).toBe(`This diagnosis of store-0421 timed out at ${deadline} UTC.\n[Diagnose again]`);

    const beforeClick = bot.connector.calls.length;
    await bot.post({ ...teamsMessage('', bot.connector.url, { conversationId, value: no.data }), replyToId: questionId });
    const after = (await bot.connector.waitFor(beforeClick + 1)).slice(beforeClick);
    expect(after.map((c) => `${c.method} ${c.activityId}`)).toEqual([`PUT ${questionId}`]);
    expect(visibleText(after[0].activity)).toBe('This diagnosis of store-0421 has ended.\n[Diagnose again]');
  });
});
