// The offline SDK clients retry a throttled or transient failure at once, up to the SDK's default three attempts. The
// SDK's own strategy sleeps between attempts on setTimeout, which the virtual clock fakes: the sleep would wait for a
// clock that does not move while work is in flight (the run stalls), and its jitter would make a seed replay differently.
import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';

const MAX_ATTEMPTS = 3;

export const immediateRetries: RetryStrategyV2 = {
  async acquireInitialRetryToken() {
    return retryToken(0);
  },
  async refreshRetryTokenForRetry(token: RetryToken, error: RetryErrorInfo) {
    const retryable = error.errorType === 'THROTTLING' || error.errorType === 'TRANSIENT';
    if (!retryable || token.getRetryCount() + 1 >= MAX_ATTEMPTS) throw new Error('No retry token available');
    return retryToken(token.getRetryCount() + 1);
  },
  recordSuccess() {},
};

function retryToken(count: number): RetryToken {
  return { getRetryCount: () => count, getRetryDelay: () => 0 };
}
