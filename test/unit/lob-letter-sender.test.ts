// The Lob adapter against a mocked LettersApi: no network, no key.
import { LetterEditable, type Letter } from '@lob/lob-typescript-sdk';
import { describe, expect, it, vi } from 'vitest';
import { LobLetterSender, type LobLetters } from '../../shared/adapters/lob-letter-sender.ts';
import { TransientError } from '../../shared/errors.ts';
import { LetterRefusedError, type LetterMessage } from '../../shared/ports.ts';

const letter: LetterMessage = {
  letterId: 'acc-1:validation-notice',
  to: { name: 'Aiko Tanaka', address: { line1: '88 Kapiolani Blvd', city: 'Honolulu', state: 'HI', zip: '96814' } },
  html: '<!DOCTYPE html><html><body>notice</body></html>',
};

function mocked(create: LobLetters['create']): { sender: LobLetterSender; create: ReturnType<typeof vi.fn> } {
  const fn = vi.fn(create);
  return { sender: new LobLetterSender(async () => ({ create: fn }), 'adr_agency1'), create: fn };
}

const httpError = (status: number) =>
  Object.assign(new Error('address_line1 "88 Kapiolani Blvd" is undeliverable'), { response: { status } });

describe('LobLetterSender', () => {
  it('creates one black-and-white operational letter, keyed by the letter id, and returns its expected delivery', async () => {
    const { sender, create } = mocked(async () => ({ id: 'ltr_123', expected_delivery_date: '2026-03-09' }) as Letter);
    await expect(sender.sendLetter(letter)).resolves.toEqual({ providerId: 'ltr_123', expectedDeliveryDate: '2026-03-09' });
    expect(create).toHaveBeenCalledTimes(1);
    const [request, idempotencyKey] = create.mock.calls[0]!;
    expect(request).toBeInstanceOf(LetterEditable);
    expect(request).toMatchObject({
      to: {
        name: 'Aiko Tanaka',
        address_line1: '88 Kapiolani Blvd',
        address_city: 'Honolulu',
        address_state: 'HI',
        address_zip: '96814',
        address_country: 'US',
      },
      from: 'adr_agency1',
      file: letter.html,
      color: false,
      use_type: 'operational',
    });
    expect(idempotencyKey).toBe('acc-1:validation-notice');
  });

  it('leaves the expected delivery out when Lob gives none', async () => {
    const { sender } = mocked(async () => ({ id: 'ltr_9' }) as Letter);
    await expect(sender.sendLetter(letter)).resolves.toEqual({ providerId: 'ltr_9' });
  });

  it.each([429, 500, 503])('makes HTTP %i a transient error (the idempotency key makes the retry safe)', async (status) => {
    const { sender } = mocked(() => Promise.reject(httpError(status)));
    await expect(sender.sendLetter(letter)).rejects.toBeInstanceOf(TransientError);
  });

  it('makes a network failure transient', async () => {
    const { sender } = mocked(() => Promise.reject(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })));
    await expect(sender.sendLetter(letter)).rejects.toBeInstanceOf(TransientError);
  });

  it.each([401, 422])('makes HTTP %i a permanent refusal that does not quote the address', async (status) => {
    const { sender } = mocked(() => Promise.reject(httpError(status)));
    const error = await sender.sendLetter(letter).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LetterRefusedError);
    expect((error as Error).name).toBe('LetterRefusedError');
    expect((error as Error).message).toBe(`letter refused: Lob answered HTTP ${status}`);
  });
});
