import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import { createDraft, emailOf, expectAccessible, logIn, newMember } from './helpers';

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

test('a member deletes their account: the group idea is handed over, their words stay as a deleted member’s', async ({ browser, baseURL }) => {
  const greta = await newMember(browser, baseURL, 'Greta Geht');
  const hugo = await newMember(browser, baseURL, 'Hugo Bleibt');
  const hugoProfile = (await hugo.getByRole('link', { name: 'My profile as members see it' }).getAttribute('href')) ?? '';
  const idea = new URL(await createDraft(greta, 'Lastenräder für alle', 'Ausleihe im Quartier.', 'Skizze.')).pathname;
  await createDraft(greta, 'Nur meine Notiz', 'Eine Idee für mich allein.', 'Skizze.');
  // Hugo joins Greta's group; Greta writes in its conversation.
  await greta.goto(hugoProfile);
  const invite = greta.locator('section#invite');
  await invite.getByLabel('Your idea').selectOption({ label: 'Lastenräder für alle' });
  await invite.getByRole('button', { name: 'Send invitation' }).click();
  await expect(greta.getByText('Invitation sent.')).toBeVisible();
  await hugo.goto('/me/groups');
  await hugo.locator('section[aria-labelledby="invitations"] .card').getByRole('button', { name: 'Join' }).click();
  await expect(hugo).toHaveURL(/\?joined=1$/);
  const talk = `/me/messages/${idea.split('/').pop()}`;
  await greta.goto(talk);
  await greta.getByLabel('Your reply').fill('Ich übergebe dir die Räder, Hugo.');
  await greta.getByRole('button', { name: 'Send' }).click();
  await expect(greta.locator('.messages-list')).toContainText('Ich übergebe dir die Räder, Hugo.');

  // Greta asks to delete her account: the page says what happens and asks about the group's idea.
  await greta.goto('/me/account');
  await greta.getByRole('link', { name: 'Delete my account …' }).click();
  await expect(greta).toHaveURL(/\/me\/account\/delete$/);
  await expect(greta.getByRole('heading', { level: 1 })).toHaveText('Delete my account');
  await expect(greta.getByRole('list').filter({ hasText: 'Nur meine Notiz' })).toBeVisible();
  const choice = greta.getByRole('group', { name: 'Lastenräder für alle' });
  await expectAccessible(greta);
  // With a wrong password nothing happens (a choice is required by the form itself).
  await greta.getByLabel('Current password').fill('not my password at all');
  await choice.getByLabel('Hand it over to Hugo Bleibt').check();
  await greta.getByRole('button', { name: 'Delete my account for good' }).click();
  await expect(greta.getByRole('alert')).toContainText('This is not your current password.');
  await expectAccessible(greta);
  await greta.getByRole('group', { name: 'Lastenräder für alle' }).getByLabel('Hand it over to Hugo Bleibt').check();
  await greta.getByLabel('Current password').fill('correct horse battery');
  await greta.getByRole('button', { name: 'Delete my account for good' }).click();
  await expect(greta).toHaveURL(/\/goodbye$/);
  await expect(greta.getByRole('heading', { level: 1 })).toHaveText('Your account has been deleted');
  await expect(greta.getByRole('link', { name: 'Log in' })).toBeVisible();
  await expectAccessible(greta);

  // She cannot log in again.
  await greta.goto('/login');
  await greta.getByLabel('E-mail address').fill(emailOf(greta));
  await greta.getByLabel('Password').fill('correct horse battery');
  await greta.getByRole('button', { name: 'Log in' }).click();
  await expect(greta.getByRole('alert')).toBeVisible();
  await expect(greta).toHaveURL(/\/login/);

  // Hugo owns the idea now; Greta's message stays, signed "deleted member".
  await hugo.goto('/me/ideas');
  await expect(hugo.getByRole('main')).toContainText('Lastenräder für alle');
  await hugo.goto(talk);
  const message = hugo.locator('.message').filter({ hasText: 'Ich übergebe dir die Räder, Hugo.' });
  await expect(message.locator('.message-meta')).toContainText('deleted member');
  await expectAccessible(hugo);
  // The idea's history names her the same way.
  await hugo.goto(`${idea}/history`);
  await expect(hugo.locator('.history tbody')).toContainText('deleted member');
});

test('anyone sends feedback, and an admin reads it in the back office', async ({ browser, baseURL, page }) => {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Legal' }).getByRole('link', { name: 'Feedback' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('What do you need? Send us your ideas');
  await expectAccessible(page);
  await page.getByLabel('Your feedback').fill('x');
  await page.getByRole('button', { name: 'Send feedback' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  const text = `Eine Karte aller Ideen wäre toll (${Date.now()}).`;
  await page.getByLabel('Your feedback').fill(text);
  await page.getByRole('button', { name: 'Send feedback' }).click();
  await expect(page.getByText('Thank you! Your feedback has reached the team.')).toBeVisible();

  const context = await browser.newContext({ baseURL, locale: 'en-GB', extraHTTPHeaders: { 'X-Forwarded-For': '10.250.0.1' } });
  const admin = await context.newPage();
  await logIn(admin, 'clara@demo.civic-innovation.invalid', 'demo-password');
  await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Back office' }).click();
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Back office');
  await expectAccessible(admin);
  await admin.getByRole('link', { name: 'Read feedback' }).click();
  const item = admin.locator('.card').filter({ hasText: text });
  await expect(item).toContainText('a visitor');
  await expectAccessible(admin);
  await item.getByRole('button', { name: 'Mark as read' }).click();
  await expect(item.getByRole('button', { name: 'Mark as read' })).toHaveCount(0);
  await expect(item).toContainText('Read');
});
