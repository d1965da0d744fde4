// A simulated debtor on the debtor's page, making the requests a browser makes: it opens the link in the message it
// read (a GET to the portal's Function URL, through the real handler), posts the form for one action with the fields
// and nonce the page gave it, and follows the redirect. Paying goes on to the offline checkout's page and presses Pay
// there, which posts Stripe's signed events to the webhook (local/local-checkout.ts).
import type { LocalPlatform } from '../platform.ts';

/** How a visit ended: the page said the action was done, said why not, or did not offer it (its form was not there). */
export type PageVisitOutcome = { done: string } | { problem: string } | { unavailable: string };

type Fields = Record<string, string | string[]>;

export class PageVisitor {
  private readonly platform: LocalPlatform;
  private readonly portalUrl: string;

  constructor(platform: LocalPlatform) {
    this.platform = platform;
    this.portalUrl = platform.functionUrlOf('portal');
  }

  /** The page link in a message's text (the email's text part or the SMS), if it has one. */
  linkIn(text: string): string | undefined {
    const link = new RegExp(`${this.portalUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\?t=[\\w.~-]+`).exec(text);
    return link?.[0];
  }

  /** Opens `link`, and submits the form for `action` with `fields` filled in; what the page said, and every URL opened. */
  async submit(link: string, action: string, fields: Fields): Promise<{ outcome: PageVisitOutcome; urls: string[] }> {
    const urls = [link];
    const page = await this.get(link);
    const form = formsOf(page).find((f) => f.hidden.action === action);
    if (!form) return { outcome: { unavailable: action }, urls };
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries({ ...form.hidden, ...fields })) {
      for (const one of [value].flat()) body.append(name, one);
    }
    const target = new URL(form.action, link);
    urls.push(target.href);
    const posted = await this.platform.requestFunctionUrl(this.portalUrl, target, 'POST', {
      body: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    let location = redirectOf(posted, `POST ${action}`);
    const checkoutPath = new URL(location).pathname;
    if (await this.platform.checkout.respond(checkoutPath, 'GET')) {
      urls.push(location);
      // The processor's page: shown, then Pay pressed; it sends the debtor back to the page.
      const paid = await this.platform.checkout.respond(checkoutPath, 'POST');
      location = redirectOf(paid!, 'checkout');
    }
    urls.push(location);
    await this.get(location);
    const back = new URL(location).searchParams;
    return { outcome: back.has('done') ? { done: back.get('done')! } : { problem: back.get('problem') ?? 'none' }, urls };
  }

  private async get(href: string): Promise<string> {
    const response = await this.platform.requestFunctionUrl(this.portalUrl, new URL(href), 'GET');
    if (response.statusCode !== 200) throw new Error(`The page answered GET with ${response.statusCode}`);
    return response.body ?? '';
  }
}

function redirectOf(response: { statusCode: number; headers?: Record<string, string | undefined> }, what: string): string {
  const location = response.headers?.location;
  if (response.statusCode !== 303 || !location) throw new Error(`The page answered ${what} with ${response.statusCode}, not a redirect`);
  return location;
}

/** The page's forms: where each posts, and its hidden fields (token, nonce, action, language). */
function formsOf(html: string): Array<{ action: string; hidden: Record<string, string> }> {
  return [...html.matchAll(/<form method="post" action="([^"]*)">([\s\S]*?)<\/form>/g)].map(([, action, inner]) => ({
    action: unescapeHtml(action!),
    hidden: Object.fromEntries(
      [...inner!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(([, name, value]) => [name!, unescapeHtml(value!)]),
    ),
  }));
}

const unescapeHtml = (text: string) =>
  text.replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
