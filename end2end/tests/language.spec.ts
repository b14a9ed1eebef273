import { test, expect } from '@playwright/test';
import { expectAccessible, logIn, registerVerified, screenshot } from './helpers';

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

test('a profile says which language it is written in', async ({ page }) => {
  const email = `lena.${Date.now()}@example.org`;
  await registerVerified(page, email, 'Lena Lang', 'lena password 123');
  await logIn(page, email, 'lena password 123');
  // The suite browses in English, so a new profile starts out as English.
  await expect(page.getByLabel('Language of your texts')).toHaveValue('en');
  await page.getByLabel('Language of your texts').selectOption('de');
  await page.getByLabel('Short bio').fill('Ich entwickle Sprachmodelle für Kommunen.');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByText('Your profile has been saved.')).toBeVisible();
  await page.getByRole('link', { name: 'My profile as members see it' }).click();
  await expect(page.getByRole('heading', { name: 'Lena Lang', level: 1 })).toBeVisible();
  await expect(page.getByText('Ich entwickle Sprachmodelle für Kommunen.')).toHaveAttribute('lang', 'de');
  // The page around it stays in the interface language.
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByText('You have not published an idea yet.', { exact: false })).toBeVisible();
  await expectAccessible(page);
});
