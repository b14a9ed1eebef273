import { test, expect } from '@playwright/test';
import { expectAccessible, logIn, registerVerified } from './helpers';

test('a member fills the profile, sees suggestions with reasons, follows one and dismisses another', async ({ page }) => {
  const email = `mira.${Date.now()}@example.org`;
  const password = 'correct horse battery';
  await registerVerified(page, email, 'Mira Muster', password);
  await logIn(page, email, password);
  await page.getByLabel('Type of organisation').selectOption('municipality');
  await page.getByLabel('Expertise you offer').fill('Open Data');
  await page.getByLabel('Expertise a partner must bring').fill('Machine Learning');
  await page.getByLabel('AI topics that interest you').fill('Mobilität');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByText('Your profile has been saved.')).toBeVisible();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Matches' }).click();
  await expect(page).toHaveURL(/\/me\/matches$/);
  await expect(page.getByRole('heading', { name: 'People you could work with' })).toBeVisible();
  await expectAccessible(page);
  // The must-have is offered by a demo member: suggested first, and the page says why.
  const people = page.locator('section[aria-labelledby="match-people"] .card');
  const best = people.first();
  await expect(best).toContainText('offers Machine Learning, a must-have you look for');
  const name = (await best.locator('.card-title a').textContent()) ?? '';
  expect(name.length).toBeGreaterThan(0);
  // Every suggestion gives at least one reason.
  const count = await people.count();
  for (let i = 0; i < count; i++) {
    await expect(people.nth(i).locator('.reasons li').first()).toBeVisible();
  }
  // Ideas that need what Mira offers (demo ideas seek open data), with reasons too.
  await expect(page.locator('section[aria-labelledby="match-ideas"] .reasons').first()).toBeVisible();

  await best.locator('.card-title a').click();
  await expect(page).toHaveURL(/\/profiles\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);

  // A contact request straight from the card (a plain form in a disclosure widget); back
  // on the list, the card says it was sent.
  await page.goto('/me/matches');
  await best.getByText('Send a contact request').click();
  await best.getByLabel('Your message').fill('Ich suche Unterstützung beim maschinellen Lernen für offene Daten.');
  await best.getByRole('button', { name: 'Send contact request' }).click();
  await expect(page).toHaveURL(/\/me\/matches\?requested=[0-9a-f-]{36}#person-[0-9a-f-]{36}$/);
  await expect(page.locator(`li#person-${new URL(page.url()).searchParams.get('requested')}`)).toContainText(
    `Your contact request to ${name} has been sent.`,
  );
  await expectAccessible(page);
  await page.goto('/me/messages');
  await expect(page.locator('section[aria-labelledby="requests-sent"] .card')).toContainText(name);

  // "Not interested" removes a suggestion for good (a plain form post).
  await page.goto('/me/matches');
  const second = (await people.nth(1).locator('.card-title a').textContent()) ?? '';
  await people.nth(1).getByRole('button', { name: `Not interested in ${second}` }).click();
  await expect(page).toHaveURL(/\/me\/matches$/);
  await expect(page.locator('section[aria-labelledby="match-people"] .card-title')).not.toContainText([second]);
  await page.reload();
  await expect(page.locator('section[aria-labelledby="match-people"] .card-title')).not.toContainText([second]);
});

test.describe('without JavaScript, in German', () => {
  test.use({ javaScriptEnabled: false, locale: 'de-DE' });

  test('a visitor searches the market and narrows it with filters', async ({ page }) => {
    await page.goto('/');
    await page.getByLabel('Ideen durchsuchen').fill('Verwaltungen');
    await page.getByLabel('Ideen durchsuchen').press('Enter');
    await expect(page).toHaveURL(/\/ideas\?q=Verwaltungen$/);
    await expect(page.getByRole('heading', { name: 'Ergebnisse für „Verwaltungen“' })).toBeVisible();
    // "Verwaltungen" finds the teaser that says "Verwaltung".
    await expect(page.locator('.card').filter({ hasText: 'Verwaltung, Wirtschaft und Zivilgesellschaft' })).toHaveCount(1);
    // (axe needs JavaScript: the results page is checked in screens.spec.ts.)

    await page.getByText('Filter', { exact: true }).click();
    await page.getByLabel('Reifegrad').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Suchen' }).click();
    await expect(page).toHaveURL(/maturity=/);
    await expect(page.getByLabel('Ideen durchsuchen')).toHaveValue('Verwaltungen');
    // Nothing found says so and offers the way back.
    await page.goto('/ideas?q=Zzyzxwort');
    await expect(page.getByText('Keine Ideen passen zu Ihrer Suche.')).toBeVisible();
    await page.getByRole('link', { name: 'Alle Ideen zeigen' }).click();
    await expect(page).toHaveURL(/\/$/);
  });
});

test('on a results page, the results follow the typing and the address stays shareable', async ({ page }) => {
  await page.goto('/ideas?q=Verwaltung');
  const search = page.getByLabel('Search ideas');
  await expect(search).toHaveValue('Verwaltung');
  expect(await page.locator('script[type="module"]').count()).toBe(1);
  await search.fill('Leichte Sprache');
  // No page load: the results and the address follow the field.
  await expect(page).toHaveURL(/\/ideas\?q=Leichte\+Sprache$/);
  await expect(page.getByRole('heading', { name: 'Results for “Leichte Sprache”' })).toBeVisible();
  await expect(page.locator('.card').first()).toContainText('Leichte Sprache');
  await expect(search).toBeFocused();
  // The address is a real page: reloading it shows the same results.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Results for “Leichte Sprache”' })).toBeVisible();
  await expectAccessible(page);
});
