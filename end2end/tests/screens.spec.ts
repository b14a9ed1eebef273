import { test, expect } from '@playwright/test';
import { screenshot } from './helpers';

// Screenshots of the main public pages at phone and desktop width in both languages,
// saved as artifacts (test-results/screenshots) for people to look at.
const sizes = { phone: { width: 375, height: 812 }, desktop: { width: 1280, height: 800 } };
const pages = { market: '/', login: '/login', register: '/register', members: '/me' };

for (const locale of ['de-DE', 'en-GB']) {
  test.describe(`screens in ${locale}`, () => {
    test.use({ locale });
    for (const [size, viewport] of Object.entries(sizes)) {
      test(`${size}`, async ({ page }) => {
        await page.setViewportSize(viewport);
        for (const [name, path] of Object.entries(pages)) {
          await page.goto(path);
          await expect(page.locator('html')).toHaveAttribute('lang', locale.slice(0, 2));
          // Nothing may overflow sideways, down to phone width.
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          expect(overflow, `${name} scrolls sideways`).toBeLessThanOrEqual(0);
          await screenshot(page, `${name}-${locale.slice(0, 2)}-${size}`);
        }
        await page.goto('/');
        await page.locator('.card-title a').first().click();
        await expect(page.locator('h1')).toBeVisible();
        await screenshot(page, `idea-${locale.slice(0, 2)}-${size}`);
      });
    }
  });
}
