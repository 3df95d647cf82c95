import type { KeyValueStorage } from '../../src/storage/key-value-storage';

/**
 * Each harness gets a connector stand-in on a new port, while Teams keeps one serviceUrl across our
 * restarts; so a restarted bot's stored conversation addresses are pointed at the new stand-in
 * (storage surgery through the Storage API, the only test-only step).
 */
export async function pointConversationsAt(storage: KeyValueStorage, serviceUrl: string): Promise<void> {
  const key = 'tell/conversations';
  const doc = (await storage.read([key]))[key];
  if (!doc) return;
  for (const c of Object.values(doc.conversations ?? {}) as { address: { serviceUrl: string } }[]) c.address.serviceUrl = serviceUrl;
  await storage.write({ [key]: { ...doc, eTag: '*' } });
}
