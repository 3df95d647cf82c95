import { loggableTarget } from '../../../src/chat/loggable-target';

describe('what of a command\'s arguments a log line may carry', () => {
  test.each([
    ['store-0421', 'store-0421'],
    ['store-* 30m', 'store-* 30m'],
    ['rg lab 1d', 'rg lab 1d'],
    ['in westeurope offline expired', 'in westeurope offline expired'],
    ['/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-1/providers/Microsoft.Kubernetes/connectedClusters/store-0421 1h',
      '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-1/providers/Microsoft.Kubernetes/connectedClusters/store-0421 1h'],
    ['', ''],
  ])('%j is kept as %j', (args, logged) => {
    expect(loggableTarget(args)).toBe(logged);
  });

  test.each([
    ['client_secret=Zx8Q~abcDEF123456789', '…'],
    ['store-0421 token: eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJ4In0.c2lnbmF0dXJl', 'store-0421 …'],
    ['ghp_16C7e42F292c6912E7710c838347Ae178B4a', '…'],
    ['tag owner=ada@contoso.com', 'tag …'],
    ['why is "my" cluster (down) ?', 'why …'],
    ['the payroll cluster fell over again', 'the …'],
    ['store-0421 rg lab in westeurope offline 2h 3 extra words', 'store-0421 rg lab in westeurope offline 2h 3 …'],
  ])('%j becomes %j', (args, logged) => {
    expect(loggableTarget(args)).toBe(logged);
  });
});
