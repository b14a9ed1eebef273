import { test, expect } from '@playwright/test';
import { expectAccessible, screenshot } from './helpers';

test.describe('in German', () => {
  test.use({ locale: 'de-DE' });

  test('German is served first, and the language switch is remembered', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await expect(page.getByRole('heading', { name: 'Neueste Ideen' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Anmelden' })).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'market-de');

    await page.getByLabel('Sprache', { exact: true }).selectOption('en');
    await page.getByRole('button', { name: 'Sprache wechseln' }).click();
    await expect(page.getByRole('heading', { name: 'Newest ideas' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Newest ideas' })).toBeVisible();

    await page.getByLabel('Language', { exact: true }).selectOption('de');
    await page.getByRole('button', { name: 'Switch language' }).click();
    await expect(page.getByRole('heading', { name: 'Neueste Ideen' })).toBeVisible();
  });

  test('error messages are German too', async ({ page }) => {
    const res = await page.goto('/me');
    expect(res?.status()).toBe(401);
    await expect(page.getByRole('heading', { name: 'Nur für Mitglieder' })).toBeVisible();
    await expect(page.getByText('Bitte melden Sie sich an, um fortzufahren.')).toBeVisible();
    await expectAccessible(page);
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false, locale: 'de-DE' });

  test('the language switch works with a plain form', async ({ page }) => {
    await page.goto('/?page=2');
    await page.getByLabel('Sprache', { exact: true }).selectOption('en');
    await page.getByRole('button', { name: 'Sprache wechseln' }).click();
    await expect(page).toHaveURL(/page=2/);
    await expect(page.getByText('Page 2 of')).toBeVisible();
  });
});

test('the market can be narrowed to ideas written in one language', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Language of the ideas' }).getByRole('link', { name: 'English' }).click();
  await expect(page).toHaveURL(/lang=en/);
  await expect(page.locator('.card-title[lang="de"]')).toHaveCount(0);
  await expect(page.locator('.card-title[lang="en"]').first()).toBeVisible();
  await expectAccessible(page);
});
