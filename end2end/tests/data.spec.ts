import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import { createDraft, emailOf, expectAccessible, newMember } from './helpers';

test('a visitor reads the data-protection notice, the terms of use and the imprint from the footer', async ({ page }) => {
  await page.goto('/');
  const legal = page.getByRole('navigation', { name: 'Legal' });
  for (const [link, heading] of [
    ['Data-protection notice', 'Data-protection notice'],
    ['Terms of use', 'Terms of use'],
    ['Imprint', 'Imprint'],
  ]) {
    await legal.getByRole('link', { name: link }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    await expectAccessible(page);
  }
  // Registration asks for consent and links what it asks for.
  await page.goto('/register');
  await expect(page.getByLabel('I accept the terms of use and have read the data-protection notice.')).not.toBeChecked();
  await expect(page.getByRole('main').getByRole('link', { name: 'Terms of use' })).toHaveAttribute('href', '/terms');
});

test('a member downloads everything the platform holds about them', async ({ browser, baseURL }) => {
  const page = await newMember(browser, baseURL, 'Dora Daten');
  await createDraft(page, 'Offene Daten für alle Schulen', 'Ein Portal für Schuldaten.', 'Erste Skizze.');
  await page.goto('/me/account');
  await expect(page.getByRole('heading', { name: 'Your data' })).toBeVisible();
  await expectAccessible(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download my data (JSON)' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^civic-innovation-platform-data-\d{4}-\d{2}-\d{2}\.json$/);
  const data = JSON.parse(fs.readFileSync((await download.path()) as string, 'utf8'));
  expect(data.account.email).toBe(emailOf(page));
  expect(typeof data.account.terms_accepted_at).toBe('string');
  expect(data.profile.display_name).toBe('Dora Daten');
  expect(data.ideas.map((i: { title: string }) => i.title)).toEqual(['Offene Daten für alle Schulen']);
  expect(JSON.stringify(data)).not.toContain('argon2');
});
