import { test, expect, type Page } from '@playwright/test';
import { expectAccessible, fill, logIn, newMember, verificationLink } from './helpers';

// What a newcomer trips over first, checked where it would show: boxes, texts, addresses.

/** The width of `selector`'s box as a share of the form's. */
async function share(page: Page, selector: string): Promise<number> {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    const form = el?.closest('form');
    if (!el || !form) return 0;
    return el.getBoundingClientRect().width / form.getBoundingClientRect().width;
  }, selector);
}

for (const width of [1280, 390]) {
  test(`a refused registration at ${width} px keeps the consent box whole, names the fields and keeps a clean address`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto('/register');
    await fill(page, { 'E-mail address': `neu.${Date.now()}@example.org`, 'Display name': 'Nora Neu', Password: 'short' });
    // The browser would stop an unticked required box; the server must say it too.
    await page.locator('form:has(#accept_terms)').evaluate((f) => ((f as HTMLFormElement).noValidate = true));
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.locator('#accept_terms-error')).toBeVisible();
    // The error is kept with the typed fields, not in the address.
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/register');
    // The consent's label keeps the width of the form (less the box), its error below it.
    expect(await share(page, 'label[for="accept_terms"]')).toBeGreaterThan(0.6);
    const box = await page.locator('#accept_terms').boundingBox();
    const label = await page.locator('label[for="accept_terms"]').boundingBox();
    expect(label!.x).toBeGreaterThan(box!.x);
    expect(label!.x - box!.x).toBeLessThan(60);
    // The summary says which field each message is about.
    const summary = page.getByRole('alert');
    await expect(summary).toContainText('Password: At least 10 characters');
    await expect(summary).toContainText('I accept the terms of use');
    await expect(page.getByLabel('Display name')).toHaveValue('Nora Neu');
    await expectAccessible(page);
    // A reload is the empty form again: nothing of the refusal stays.
    await page.reload();
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expect(page.getByLabel('Display name')).toHaveValue('');
  });
}

test('a call page says what its phase allows: prepare, enter, wait for the jury, the winners', async ({ page }) => {
  await page.goto('/calls');
  await page.getByRole('link', { name: 'Project funding 2027' }).click();
  const phase = page.locator('section.phase');
  await expect(phase.getByRole('heading')).toHaveText('Prepare your entry');
  await expect(phase).toContainText('Entries open on');
  await expect(page.getByText('Log in to enter your group’s idea')).toHaveCount(0);
  await expect(page.getByText('Until the deadline you can change or withdraw it')).toHaveCount(0);
  await expectAccessible(page);

  await page.goto('/calls');
  await page.getByRole('link', { name: 'AI is what we make it – idea contest 2026' }).click();
  await expect(phase.getByRole('heading')).toHaveText('The winners');
  await expect(phase.locator('.card').first()).toContainText('Winner');
  await expect(page.getByText('Log in to enter your group’s idea')).toHaveCount(0);
  await expectAccessible(page);

  await page.goto('/calls');
  await page.getByRole('link', { name: 'AI is what we make it – idea contest 2027' }).click();
  await expect(phase.getByRole('heading')).toHaveText('Enter your group');
  await expect(page.getByRole('link', { name: 'Log in to enter your group’s idea' })).toBeVisible();
});

test('the showcase shows members’ Markdown as text, never its marks', async ({ page }) => {
  await page.goto('/showcase');
  const lesson = page.locator('.lesson').first();
  await expect(lesson).toBeVisible();
  await expect(lesson).not.toContainText('**');
});

test('on a phone a member’s header is a menu, and the account pages fold into one', async ({ page }) => {
  await logIn(page, 'anna@demo.civic-innovation.invalid', 'demo-password');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/me/messages');
  // The page's heading is on the first screen, not below two navigations.
  const heading = await page.locator('main h1').boundingBox();
  expect(heading!.y).toBeLessThan(260);
  await expect(page.getByRole('link', { name: 'Matches' }).first()).toBeHidden();
  // The menu opens without script (a <details>) and holds the navigation.
  await page.locator('.site-menu > summary').click();
  await expect(page.locator('.site-header').getByRole('link', { name: 'Contest & funding' })).toBeVisible();
  await expect(page.locator('.subnav-menu > summary')).toContainText('My area: Messages');
  await page.locator('.subnav-menu > summary').click();
  await expect(page.locator('.subnav').getByRole('link', { name: 'Notifications' })).toBeVisible();
  await expectAccessible(page);

  // Times are the platform's (Berlin), the same zone as the calls' deadlines, not UTC.
  await page.goto('/me/notifications');
  await expect(page.locator('main')).not.toContainText('UTC');

  // On a wide screen both are open navigations, no menu button to press.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/me/messages');
  await expect(page.locator('.site-menu > summary')).toBeHidden();
  await expect(page.locator('.site-header').getByRole('link', { name: 'Contest & funding' })).toBeVisible();
  await expect(page.locator('.subnav').getByRole('link', { name: 'Notifications' })).toBeVisible();
});

test('the idea editor says the true state: not saved yet, a draft, published', async ({ browser, baseURL }) => {
  const page = await newMember(browser, baseURL, 'Edda Editor');
  await page.goto('/ideas/new');
  await expect(page.locator('.draft-keeper[data-keeping]')).toBeAttached({ timeout: 20_000 });
  const status = page.locator('.draft-status[role="status"]');
  await expect(status).toHaveText('Not saved yet.');
  // Said at the top of the long form too.
  await expect(page.locator('.draft-status-top')).toHaveText('Not saved yet.');
  await expect(page.locator('section.panel > .lead')).toContainText('A new idea stays a private draft');
  await fill(page, { Title: 'Ein Entwurf', Teaser: 'Kurz gesagt.' });
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page).toHaveURL(/\/ideas\/[0-9a-f-]{36}$/);
  const idea = new URL(page.url()).pathname;
  await page.goto(`${idea}/edit`);
  await expect(page.locator('section.panel > .lead')).toContainText('A private draft');
  await expect(status).toHaveText('Saved.');
  await page.goto(idea);
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText('Published', { exact: true })).toBeVisible();
  await page.goto(`${idea}/edit`);
  await expect(page.locator('section.panel > .lead')).toContainText('Published: what you save here is public at once');
  await expect(page.locator('section.panel > .lead')).not.toContainText('private draft');
});

test('“Create an account” from an idea brings the newcomer back to it after logging in and confirming', async ({ page }) => {
  await page.goto('/');
  await page.locator('.card-title a').first().click();
  const idea = new URL(page.url()).pathname;
  await page.getByRole('link', { name: 'Create an account' }).click();
  const email = `rueck.${Date.now()}@example.org`;
  const password = 'correct horse battery';
  await fill(page, { 'E-mail address': email, 'Display name': 'Rita Rückkehr', Password: password });
  await page.locator('#accept_terms').check();
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/login\?registered=1&next=/);
  await fill(page, { 'E-mail address': email, Password: password });
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(new RegExp(`${idea}$`));
  // The link in the confirmation mail leads back to the idea too.
  await page.goto(verificationLink(email));
  await page.getByRole('button', { name: 'Confirm my e-mail address' }).click();
  await page.getByRole('link', { name: 'Continue where you were' }).click();
  await expect(page).toHaveURL(new RegExp(`${idea}$`));
  await expect(page.locator('.description')).toBeVisible();
});
