/**
 * A minimal HTTP "browser" for the sandbox pages: a cookie jar, redirects followed while
 * they stay in the sandbox, and the form contract of the pages (a POST form with a `csrf`
 * and a `prompt` field, inputs named `user`, `patient`, `encounter`, `scope`, `decision`).
 */
export interface Page {
  status: number;
  url: string;
  html: string;
}

/** A page to fill in, or the URL outside the sandbox the browser was sent to. */
export type Step = { page: Page; leftTo?: undefined } | { page?: undefined; leftTo: string };

const ENTITIES: Record<string, string> = { '&#39;': "'", '&#34;': '"', '&quot;': '"', '&lt;': '<', '&gt;': '>', '&amp;': '&' };
const decode = (text: string): string => text.replace(/&#39;|&#34;|&quot;|&lt;|&gt;|&amp;/g, (m) => ENTITIES[m]!);

/** The `value`s of the inputs named `field`, optionally only the checked ones. */
export function inputValues(html: string, field: string, checkedOnly = false): string[] {
  const out: string[] = [];
  for (const [tag] of html.matchAll(/<input\b[^>]*>/g)) {
    if (!tag.includes(`name="${field}"`) || (checkedOnly && !/\bchecked\b/.test(tag))) continue;
    const value = /\bvalue="([^"]*)"/.exec(tag)?.[1];
    if (value !== undefined) out.push(decode(value));
  }
  return out;
}

/** The message of an error page, or of a page's alert. */
export function pageMessage(html: string): string {
  const m = /role="alert"[^>]*>([\s\S]*?)<\//.exec(html) ?? /<main[^>]*>([\s\S]*?)<\/main>/.exec(html);
  return decode((m?.[1] ?? html).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()).slice(0, 500);
}

export class PageDriver {
  private readonly jar = new Map<string, string>();

  /** `root`: the sandbox root URL with a trailing slash; a redirect elsewhere leaves the sandbox. */
  constructor(private readonly root: string) {}

  private async request(method: 'GET' | 'POST', url: string, form?: URLSearchParams): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.jar.size > 0) headers.cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(url, { method, headers, body: form?.toString(), redirect: 'manual' });
    for (const cookie of res.headers.getSetCookie()) {
      const pair = cookie.split(';')[0]!;
      const eq = pair.indexOf('=');
      this.jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    return res;
  }

  /** Opens `url` and follows redirects while they stay in the sandbox. */
  async go(url: string, method: 'GET' | 'POST' = 'GET', form?: URLSearchParams): Promise<Step> {
    let res = await this.request(method, url, form);
    let current = url;
    for (let hops = 0; res.status >= 300 && res.status < 400; hops++) {
      if (hops > 10) throw new Error('mock-ehr: too many redirects');
      await res.body?.cancel();
      const location = new URL(res.headers.get('location') ?? '', current).href;
      if (!location.startsWith(this.root)) return { leftTo: location };
      current = location;
      res = await this.request('GET', location);
    }
    return { page: { status: res.status, url: current, html: await res.text() } };
  }

  /** Submits the page's form with its CSRF token and prompt, plus `fields`. */
  submit(page: Page, fields: [string, string][]): Promise<Step> {
    const action = /<form method="post" action="([^"]+)"/.exec(page.html)?.[1];
    if (!action) throw new Error(`mock-ehr: the page has no form: ${pageMessage(page.html)}`);
    const form = new URLSearchParams([
      ['csrf', inputValues(page.html, 'csrf')[0] ?? ''],
      ...inputValues(page.html, 'prompt').map((p): [string, string] => ['prompt', p]),
      ...fields,
    ]);
    return this.go(new URL(decode(action), page.url).href, 'POST', form);
  }
}
