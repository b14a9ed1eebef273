import { test, expect, type Page } from '@playwright/test';
import { expectAccessible, screenshot } from './helpers';

// Every main page, public and members', at phone and desktop width in both languages and in
// the dark theme: no sideways scrolling, axe finds nothing, and a screenshot is saved as an
// artifact (test-results/screenshots) for people to look at.
// 320 px wide is also a 1280 px screen zoomed to 400 % (WCAG 1.4.10 reflow).
const sizes = { phone: { width: 320, height: 640 }, desktop: { width: 1280, height: 800 } };
const publicPages = {
  market: '/',
  calls: '/calls',
  showcase: '/showcase',
  workshops: '/workshops',
  search: '/ideas?q=Verwaltung&maturity=rough_idea',
  login: '/login',
  register: '/register',
  'forgot-password': '/password/forgot',
  'reset-password': '/password/reset?token=0',
  'confirm-address': '/verify?token=0',
  'members-only': '/me',
  'not-found': '/no-such-page',
};
const memberPages = { me: '/me', data: '/me/data', matches: '/me/matches', messages: '/me/messages', groups: '/me/groups', notifications: '/me/notifications', people: '/people?q=Daten', 'my-ideas': '/me/ideas', 'new-idea': '/ideas/new', password: '/me/password', account: '/me/account' };

/** Logs the page's browser context in as a demo member, without depending on the language. */
async function logInAsDemo(page: Page) {
  const res = await page.request.post('/api/login', {
    form: { email: 'anna@demo.civic-innovation.invalid', password: 'demo-password' },
    maxRedirects: 0,
  });
  expect(res.status()).toBeLessThan(400);
}

async function check(page: Page, name: string, path: string, lang: string, axe: boolean) {
  await page.goto(path);
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  await expect(page.locator('h1')).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${name} scrolls sideways`).toBeLessThanOrEqual(0);
  if (axe) await expectAccessible(page);
  await screenshot(page, name);
}

/** The newest demo idea in German by someone other than the demo member who logs in. */
async function firstIdea(page: Page) {
  await page.goto('/?lang=de');
  const card = page.locator('.card').filter({ hasNotText: 'Anna Schmidt' }).first();
  return (await card.locator('.card-title a').getAttribute('href')) ?? '';
}

for (const locale of ['de-DE', 'en-GB']) {
  const lang = locale.slice(0, 2);
  test.describe(`screens in ${locale}`, () => {
    test.use({ locale });
    for (const [size, viewport] of Object.entries(sizes)) {
      // axe at one width per language; the layout checks and screenshots at both. A page
      // with axe takes about two seconds here: each test gets time for its dozen or more.
      const axe = size === 'desktop';
      test(`${size}: public pages`, async ({ page }) => {
        test.setTimeout(120_000);
        await page.setViewportSize(viewport);
        for (const [name, path] of Object.entries(publicPages)) {
          await check(page, `${name}-${lang}-${size}`, path, lang, axe);
        }
        const idea = await firstIdea(page);
        await check(page, `idea-visitor-${lang}-${size}`, idea, lang, axe);
      });

      test(`${size}: members' pages`, async ({ page }) => {
        test.setTimeout(120_000);
        await page.setViewportSize(viewport);
        const idea = await firstIdea(page);
        await logInAsDemo(page);
        for (const [name, path] of Object.entries(memberPages)) {
          await check(page, `${name}-${lang}-${size}`, path, lang, axe);
        }
        await check(page, `idea-member-${lang}-${size}`, idea, lang, axe);
        const profile = (await page.locator('.idea-head a[href^="/profiles/"]').first().getAttribute('href')) ?? '';
        expect(profile).toMatch(/^\/profiles\//);
        await check(page, `profile-${lang}-${size}`, profile, lang, axe);
        // Anna's group idea: Mehmet edited it last, so it leads her list; it has comments.
        await page.goto('/me/ideas');
        const own = (await page.locator('table a[href^="/ideas/"]').first().getAttribute('href')) ?? '';
        await check(page, `idea-group-${lang}-${size}`, own, lang, axe);
        await check(page, `history-${lang}-${size}`, `${own}/history`, lang, axe);
      });
    }
  });
}

test.describe('dark theme', () => {
  test.use({ colorScheme: 'dark', viewport: sizes.desktop });

  test('every main page keeps its contrast in the dark', async ({ page }) => {
    test.setTimeout(180_000);
    for (const [name, path] of Object.entries(publicPages)) {
      await check(page, `${name}-dark`, path, 'en', true);
    }
    const idea = await firstIdea(page);
    await logInAsDemo(page);
    for (const [name, path] of Object.entries(memberPages)) {
      await check(page, `${name}-dark`, path, 'en', true);
    }
    await check(page, 'idea-member-dark', idea, 'en', true);
    // The dark theme really is dark: the page background is not white.
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).not.toBe('rgb(255, 255, 255)');
  });
});

test.describe('print', () => {
  test.use({ colorScheme: 'dark' });

  test('an idea prints black on white without navigation', async ({ page }) => {
    const idea = await firstIdea(page);
    await logInAsDemo(page);
    await page.goto(idea);
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
    await expect(page.locator('.site-footer')).toBeHidden();
    await expect(page.locator('.prose')).toBeVisible();
    const [bg, fg] = await page.evaluate(() => {
      const s = getComputedStyle(document.body);
      return [s.backgroundColor, s.color];
    });
    expect(bg).toBe('rgb(255, 255, 255)');
    expect(fg).toBe('rgb(0, 0, 0)');
    await screenshot(page, 'idea-print');
  });
});
