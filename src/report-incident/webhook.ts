/**
 * The optional chat notification: a Slack-compatible incoming webhook (`{"text": ...}`; Mattermost,
 * Rocket.Chat and Discord's `/slack` endpoints take the same). The URL is a secret: it is never in a
 * label, a log line or an error.
 */
import { KitError } from '../lib/errors.js';
import { NetworkError, sendRequest, type HttpDeps } from '../lib/http.js';
import { toRetryPolicy } from '../lib/retry.js';

/**
 * Thrown when the webhook refuses the message (`status`) or never answers (`status` 0). Carries
 * neither the URL nor the text.
 */
export class WebhookError extends KitError {
  override name = 'WebhookError';
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(
      `The incident webhook ${status === 0 ? `failed (${detail})` : `answered ${status}`}: check input 'webhook-url' (the MONITOR_WEBHOOK_URL secret)`,
    );
  }
}

/** Two attempts, 10 s each: a chat message is worth less than holding up the monitor. */
const WEBHOOK_OPTIONS = { policy: toRetryPolicy({ maxAttempts: 2 }), attemptTimeoutMs: 10_000 };

/**
 * Posts `text` to the webhook. Not idempotent: repeated only when it surely never arrived.
 * @throws WebhookError for an answer outside 2xx, or none
 * @throws CancelledError when `deps.signal` aborts
 */
export async function postWebhook(url: string, text: string, deps: HttpDeps): Promise<void> {
  let status: number;
  try {
    const response = await sendRequest(
      {
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text }),
        idempotent: false,
        label: 'POST incident webhook',
        maxBytes: 64 * 1024,
      },
      WEBHOOK_OPTIONS,
      deps,
    );
    status = response.status;
  } catch (error) {
    if (error instanceof NetworkError) throw new WebhookError(0, error.reason);
    throw error;
  }
  if (status < 200 || status > 299) throw new WebhookError(status, '');
}
