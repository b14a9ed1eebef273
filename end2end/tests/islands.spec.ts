import { test, expect, type Page } from '@playwright/test';
import { logIn } from './helpers';

/** Every JS and WASM file the page requests from now on. */
function watchScripts(page: Page): string[] {
  const loaded: string[] = [];
  page.on('request', (r) => {
    if (/\.(js|wasm)$/.test(new URL(r.url()).pathname)) loaded.push(new URL(r.url()).pathname);
  });
  return loaded;
}

test('the public pages ship no script at all', async ({ page }) => {
  const loaded = watchScripts(page);
  await page.goto('/');
  const idea = await page.locator('a[href^="/ideas/"]').filter({ hasNotText: /share/i }).first().getAttribute('href');
  for (const path of ['/', idea as string, '/login', '/register', '/password/forgot', '/privacy', '/imprint']) {
    await page.goto(path);
    await expect(page.locator('h1')).toBeVisible();
    expect(await page.locator('script').count(), path).toBe(0);
  }
  expect(loaded).toEqual([]);
});

test('the idea editor loads the islands once, and its counter counts like the server', async ({ page }) => {
  await logIn(page, 'julia@demo.civic-innovation.invalid', 'demo-password');
  const loaded = watchScripts(page);
  await page.goto('/ideas/new');
  expect(await page.locator('script[type="module"]').count()).toBe(1);
  // One grapheme cluster each: a family emoji and an "e" with a combining accent.
  await page.getByLabel('Teaser').fill('👨‍👩‍👧 e\u0301');
  await expect(page.locator('#teaser-count')).toContainText('3 / 280');
  expect(loaded.some((p) => p.endsWith('.wasm'))).toBe(true);
  expect(loaded.some((p) => p.endsWith('.js'))).toBe(true);
  // A member's every page loads them once, in the header (the live notification count),
  // also where the page holds an island of its own.
  for (const path of ['/me/account', '/ideas?q=Verwaltung', '/me/messages']) {
    await page.goto(path);
    expect(await page.locator('script[type="module"]').count(), path).toBe(1);
  }
});
