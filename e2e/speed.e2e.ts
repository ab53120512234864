/**
 * Faster for people (issue 18): the built admin panel and H5 storefront are served compressed, their hashed files
 * cached for a year and their index pages revalidated; the storefront's product pictures keep their box before they
 * load and load only when they come near the screen.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { cacheControlFor } from '../local/src/gateway';
import { h5, until, useE2E, watch } from './harness';

const ROOT = join(__dirname, '..');
const IMMUTABLE = 'public, max-age=31536000, immutable';
const env = useE2E();

const get = (path: string, encoding = 'br, gzip') => fetch(`${env.url}${path}`, { headers: { 'accept-encoding': encoding } });

/** The hashed files a build wrote: the admin's assets/, the H5's js/ and css/. */
const built = (dir: string, subdirs: string[]) =>
  subdirs.flatMap((s) => readdirSync(join(dir, s)).filter((f) => /\.(js|css)$/.test(f)).map((f) => `${s}/${f}`));

describe.each([
  ['admin', join(ROOT, 'admin/dist'), ['assets']],
  ['h5', join(ROOT, 'miniprogram/dist/h5'), ['js', 'css']],
])('the %s build', (prefix, dir, subdirs) => {
  test('every JS and CSS file it wrote has a name the gateway caches for a year', () => {
    const files = built(dir, subdirs);
    expect(files.length).toBeGreaterThan(3);
    expect(files.filter((f) => cacheControlFor(f) !== IMMUTABLE)).toEqual([]);
  });

  test('its index page revalidates; its script answers brotli (gzip when only that is accepted), cached for a year', async () => {
    const index = await get(`/${prefix}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const html = await index.text();
    // the entry script the page names (both builds name it with their public path)
    const script = /<script[^>]+src="([^"]+\.js)"/.exec(html)?.[1];
    expect(script).toMatch(new RegExp(`^/${prefix}/`));
    const br = await get(script!);
    expect(br.status).toBe(200);
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('cache-control')).toBe(IMMUTABLE);
    const gz = await get(script!, 'gzip');
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    // the same bytes, whichever way they travel
    expect(await gz.text()).toBe(readFileSync(join(dir, script!.slice(prefix.length + 2)), 'utf8'));
  });
});

describe('the storefront’s product pictures', () => {
  let page: Page;
  const problems: string[] = [];
  const { visible } = h5(() => page);

  beforeAll(async () => {
    page = watch(problems, await env.phone(), { http: true });
  });

  /** Per product picture on the visible page: its box, and whether its <img> has been given its source yet. */
  const pictures = () =>
    visible('.product-card__image').evaluateAll((els) =>
      els.map((el) => {
        const box = el.getBoundingClientRect();
        const img = el.tagName === 'IMG' ? (el as HTMLImageElement) : el.querySelector('img');
        return { top: box.top + window.scrollY, width: box.width, height: box.height, loaded: !!img?.getAttribute('src'), viewport: window.innerHeight };
      }),
    );

  test('home: every picture has its box before it loads; those far below the fold wait until scrolled to', async () => {
    await page.goto(`${env.url}/h5/`);
    await visible('.product-card').first().waitFor();
    const first = await pictures();
    expect(first.length).toBeGreaterThan(4);
    // the box is the stylesheet's, not the picture's: nothing moves when a picture arrives
    for (const p of first) expect(p.width * p.height).toBeGreaterThan(0);
    const far = first.filter((p) => p.top > p.viewport + 600);
    expect(far.length).toBeGreaterThan(0);
    expect(far.filter((p) => p.loaded)).toEqual([]);
    await page.screenshot({ path: join(ROOT, 'artifacts/screenshots/speed-01-home.png') });

    // scrolled to the end, every picture has its source, and the boxes kept their size
    for (let y = 0; y < 20; y++) {
      await page.mouse.wheel(0, 600);
      await page.waitForTimeout(150);
    }
    await until(async () => (await pictures()).every((p) => p.loaded), 'every picture given its source', 15_000);
    expect((await pictures()).map((p) => [p.width, p.height])).toEqual(first.map((p) => [p.width, p.height]));
  });

  test('a category list: the same, with the pictures on the left', async () => {
    await page.goto(`${env.url}/h5/`);
    await visible('.category-shortcut').first().click();
    await visible('.category-products .product-card').first().waitFor();
    const list = await pictures();
    expect(list.length).toBeGreaterThan(0);
    for (const p of list) expect(p.width * p.height).toBeGreaterThan(0);
    await env.shot(page, 'speed-02-category');
    expect(problems).toEqual([]);
  });
});
