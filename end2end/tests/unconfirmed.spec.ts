import { test, expect } from '@playwright/test';
import { confirmAddress, expectAccessible, fill, logIn } from './helpers';

// An account whose address is not confirmed keeps its own things and is shown, where the
// community area would be, why not yet and a button for a new link.
test('an unconfirmed account sees the confirm prompt where the community area would be', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, locale: 'en-GB', extraHTTPHeaders: { 'X-Forwarded-For': '10.252.0.7' } });
  const page = await context.newPage();
  const email = `ulla.${Date.now()}@example.org`;
  const password = 'correct horse battery';
  await page.goto('/register');
  await fill(page, { 'E-mail address': email, 'Display name': 'Ulla Unbestätigt', Password: password });
  await page.locator('#accept_terms').check();
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/login\?registered=1/);
  await logIn(page, email, password);

  // Their own things: the profile editor and a draft.
  await expect(page.getByRole('heading', { name: 'My profile' })).toBeVisible();
  await page.goto('/ideas/new');
  await expect(page.getByLabel('Title')).toBeVisible();

  // The community area: matches, messages, people search say why not, with the button.
  for (const path of ['/me/matches', '/me/messages', '/people']) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(403);
    await expect(page.getByText('Please confirm your e-mail address', { exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Send the link again' })).toBeVisible();
  }
  await expectAccessible(page);

  // A published idea shows its teaser and the prompt instead of the description.
  await page.goto('/');
  const first = page.locator('.card .card-title a').first();
  await first.click();
  await expect(page).toHaveURL(/\/ideas\/[0-9a-f-]{36}$/);
  const members = page.locator('.members-only');
  await expect(members.getByText('Please confirm your e-mail address', { exact: true })).toBeVisible();
  await expect(page.locator('.description')).toHaveCount(0);
  await expect(page.getByText('Report', { exact: true })).toHaveCount(0);
  await expectAccessible(page);

  // The button sends a new link and comes back to the page.
  await page.goto('/me/matches');
  await page.getByRole('button', { name: 'Send the link again' }).click();
  await expect(page).toHaveURL(/\/me\/matches\?verification_sent=1/);
  await expect(page.getByText('A new link is on its way.')).toBeVisible();

  // Confirmed, the community opens.
  await confirmAddress(page, email);
  const res = await page.goto('/me/matches');
  expect(res?.status()).toBe(200);
  await expect(page.getByRole('button', { name: 'Send the link again' })).toHaveCount(0);
});
