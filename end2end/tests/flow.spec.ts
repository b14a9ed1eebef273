import { test, expect } from '@playwright/test';
import { expectAccessible, fill, logIn, screenshot, verificationToken } from './helpers';

const SECRET = 'Members-only detail: we pilot with three libraries in Saxony first.';

test('a new member registers, verifies, fills the profile, publishes an idea; the public sees only the teaser', async ({ page, browser }) => {
  const email = `erika.${Date.now()}@example.org`;
  const password = 'correct horse battery';
  const title = `AI reading aid for public libraries ${Date.now()}`;
  const teaser = 'Libraries lend a device that reads letters aloud and explains them in plain language — für alle, die Hilfe brauchen.';

  await page.goto('/register');
  await expectAccessible(page);
  await fill(page, { 'E-mail address': email, 'Display name': 'Erika Example', Password: password });
  await page.getByLabel('I accept the terms of use and have read the data-protection notice.').check();
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/login\?registered=1/);
  await expect(page.getByText('Thank you for registering!')).toBeVisible();

  // The confirmation link arrives in the file outbox.
  // Opening the link shows a button: mail scanners that open links confirm nothing.
  await page.goto(`/verify?token=${verificationToken(email)}`);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Confirm my e-mail address' }).click();
  await expect(page.getByRole('heading', { name: 'Your e-mail address is confirmed' })).toBeVisible();
  await expectAccessible(page);

  await logIn(page, email, password);
  await expect(page.getByRole('heading', { name: 'My profile' })).toBeVisible();
  await page.getByLabel('Organisation', { exact: true }).fill('Stadtbibliothek Beispielstadt');
  await page.getByLabel('Type of organisation').selectOption('municipality');
  await page.getByLabel('Region').fill('Sachsen');
  await page.getByLabel('Short bio').fill('Ich leite die digitale Bibliothek und suche Partner für barrierefreie Angebote.');
  await page.getByLabel('AI topics that interest you').fill('Accessibility, Language');
  await page.getByLabel('Expertise you offer').fill('Library services');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByText('Your profile has been saved.')).toBeVisible();
  await expectAccessible(page);

  // A draft, with the live teaser counter.
  await page.goto('/ideas/new');
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Teaser').fill(teaser);
  await expect(page.locator('#teaser-count')).toContainText(`${[...new Intl.Segmenter().segment(teaser)].length} / 280`);
  await page.getByLabel('Full description').fill(`## Plan\n\n${SECRET}`);
  await page.getByLabel('Topics').fill('Accessibility, Language');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page).toHaveURL(/\/ideas\/[0-9a-f-]{36}$/);
  const ideaUrl = page.url();
  await expect(page.getByText('Draft — only you and your group can see this')).toBeVisible();
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText('Published', { exact: true })).toBeVisible();
  await expectAccessible(page);

  // Logging out reloads the market, so no member data stays in the page.
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('link', { name: 'Log in' })).toBeVisible();

  // Logged out: the market shows title and teaser, and the description is nowhere in the page.
  await page.goto('/');
  const card = page.locator('.card').filter({ has: page.getByRole('link', { name: title }) });
  await expect(card).toBeVisible();
  await expect(card.locator('.card-teaser')).toHaveText(teaser);
  expect(await page.content()).not.toContain('Members-only detail');
  await expectAccessible(page);
  await screenshot(page, 'market');
  await page.goto(ideaUrl);
  await expect(page.getByRole('heading', { name: 'Read the full idea' })).toBeVisible();
  expect(await page.content()).not.toContain('Members-only detail');
  await expectAccessible(page);
  await screenshot(page, 'idea-anonymous');

  // Another member reads the full description.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await logIn(otherPage, 'anna@demo.civic-innovation.invalid', 'demo-password');
  await otherPage.goto(ideaUrl);
  await expect(otherPage.getByText(SECRET)).toBeVisible();
  await expect(otherPage.locator('.idea-head').getByRole('link', { name: 'Erika Example' })).toBeVisible();
  await expectAccessible(otherPage);
  await screenshot(otherPage, 'idea-member');
  await otherPage.locator('.idea-head').getByRole('link', { name: 'Erika Example' }).click();
  await expect(otherPage.getByRole('heading', { level: 1, name: 'Erika Example' })).toBeVisible();
  await expect(otherPage.getByText('Stadtbibliothek Beispielstadt')).toBeVisible();
  await expectAccessible(otherPage);
  await other.close();
});

test('form errors are shown next to the fields and announced', async ({ page }) => {
  await logIn(page, 'ben@demo.civic-innovation.invalid', 'demo-password');
  await page.goto('/ideas/new');
  await page.getByLabel('Title').fill('Too long a teaser');
  await page.getByLabel('Teaser').fill('x'.repeat(281));
  await expect(page.locator('#teaser-count')).toHaveClass(/counter-over/);
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('alert')).toContainText('Please correct the marked fields.');
  await expect(page.locator('#teaser-error')).toContainText('At most 280 characters, this has 281.');
  await expect(page.getByLabel('Teaser')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Title')).toHaveValue('Too long a teaser');
  await expectAccessible(page);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the market, pages and login work with plain links and forms', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Newest ideas' })).toBeVisible();
    await page.getByRole('link', { name: 'Older →' }).click();
    await expect(page).toHaveURL(/page=2/);
    await expect(page.getByText('Page 2 of')).toBeVisible();
    await page.locator('.card-title a').first().click();
    await expect(page.getByRole('heading', { name: 'Read the full idea' })).toBeVisible();

    await page.goto('/login');
    await fill(page, { 'E-mail address': 'anna@demo.civic-innovation.invalid', Password: 'wrong password' });
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByRole('alert')).toContainText('E-mail address or password is not correct.');
    // The refused form keeps what was typed, except the password.
    await expect(page.getByLabel('E-mail address')).toHaveValue('anna@demo.civic-innovation.invalid');
    await expect(page.getByLabel('Password')).toHaveValue('');
    await page.getByLabel('Password').fill('demo-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page).toHaveURL(/\/me$/);
    await expect(page.getByRole('heading', { name: 'My profile' })).toBeVisible();

    // A refused draft keeps everything that was typed.
    await page.goto('/ideas/new');
    await page.getByLabel('Title').fill('Kept without JavaScript');
    await page.getByLabel('Teaser').fill('ü'.repeat(281));
    await page.getByLabel('Full description').fill('Nothing typed is lost.');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect(page.getByRole('alert')).toContainText('Please correct the marked fields.');
    await expect(page.locator('#teaser-error')).toContainText('At most 280 characters, this has 281.');
    await expect(page.getByLabel('Title')).toHaveValue('Kept without JavaScript');
    await expect(page.getByLabel('Teaser')).toHaveValue('ü'.repeat(281));
    await expect(page.getByLabel('Full description')).toHaveValue('Nothing typed is lost.');
    // (axe needs JavaScript; the same form with its errors is checked in the test above.)
  });
});
