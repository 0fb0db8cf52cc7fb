import { commandHash, toEngineCommand, type LedgerCommand } from './commands';

describe('toEngineCommand: which refusals take the id', () => {
  const spend: LedgerCommand = {
    op: 'transfer',
    transferId: 'redeem:1',
    debitAccount: 'user:0190a0a0-0000-7000-8000-000000000001',
    creditAccount: 'sink:redemption',
    asset: 'POINTS',
    amount: 10,
    code: 'redeem',
  };

  it('asks the engine to record a refusal for requesters who are told of it (HTTP, Kafka)', () => {
    const http = toEngineCommand(spend, { causedBy: 'user:u', correlationId: 'c', recordRefusal: true }, 'm');
    const kafka = toEngineCommand(
      spend,
      { causedBy: 'message:e', correlationId: 'c', emitRejected: true, recordRefusal: true },
      'm',
    );
    expect(http).toMatchObject({ record: true });
    expect(http).not.toHaveProperty('emitRejected');
    expect(kafka).toMatchObject({ record: true, emitRejected: true });
  });

  it('does not for earns, expiry and timeouts, whose refusals are tried again later', () => {
    const job = toEngineCommand(spend, { causedBy: 'job:expire-points', correlationId: 'c' }, 'm');
    expect(job).not.toHaveProperty('record');
  });

  it('fingerprints the movement, not its provenance: a retry from another message is the same command', () => {
    expect(commandHash({ ...spend, references: { sourceEvent: 'a' } })).toBe(
      commandHash({ ...spend, references: { sourceEvent: 'b' } }),
    );
    expect(commandHash({ ...spend, amount: 11 })).not.toBe(commandHash(spend));
  });
});
