import { takeInvalidSentCards } from './sent-cards';

// A test whose bot sent an Adaptive Card the SDK rejects fails, whatever it asserted itself.
afterEach(() => {
  const invalid = takeInvalidSentCards();
  if (invalid.length) throw new Error(`The bot sent ${invalid.length} invalid Adaptive Card(s):\n${invalid.join('\n')}`);
});
