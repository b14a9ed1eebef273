import { test, expect } from '@playwright/test';
import { createDraft, expectAccessible, fill, logIn, registerVerified } from './helpers';

test('an author edits, unpublishes and deletes an idea', async ({ page, browser }) => {
  const email = `karl.${Date.now()}@example.org`;
  await registerVerified(page, email, 'Karl Keeper', 'a long enough password');
  await logIn(page, email, 'a long enough password');
  const url = await createDraft(page, 'Open data for school routes', 'Safer ways to school from open traffic data.', 'Start with two districts.');
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText('Published', { exact: true })).toBeVisible();

  // Edit: the form holds the stored values, the page shows the new ones.
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByLabel('Title')).toHaveValue('Open data for school routes');
  await expectAccessible(page);
  await page.getByLabel('Title').fill('Open data for safer school routes');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page).toHaveURL(url);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Open data for safer school routes');

  // Unpublished, the idea is the author's alone again.
  await page.getByRole('button', { name: 'Unpublish' }).click();
  await expect(page.getByText('Draft — only you and your group can see this')).toBeVisible();
  const visitor = await browser.newContext();
  const anon = await visitor.newPage();
  const res = await anon.goto(url);
  expect(res?.status()).toBe(404);
  await expect(anon.getByRole('heading', { name: 'Not found' })).toBeVisible();
  await expectAccessible(anon);
  await anon.goto('/');
  await expect(anon.getByText('Open data for safer school routes')).toHaveCount(0);
  await visitor.close();

  // Delete asks first, then removes it from "My ideas".
  await page.getByRole('link', { name: 'Delete' }).click();
  await expect(page.getByRole('heading', { name: 'Delete this idea?' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Yes, delete it' }).click();
  await expect(page.getByText('The idea has been deleted.')).toBeVisible();
  await expect(page.getByText('Open data for safer school routes')).toHaveCount(0);
  await expectAccessible(page);
  expect((await page.goto(url))?.status()).toBe(404);
});

test('a member changes the password; only the new one works afterwards', async ({ page }) => {
  const email = `paula.${Date.now()}@example.org`;
  await registerVerified(page, email, 'Paula Pass', 'first password 123');
  await logIn(page, email, 'first password 123');

  // The header follows a change of display name at once.
  await page.getByLabel('Display name').fill('Paula P. Pass');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByText('Your profile has been saved.')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Paula P. Pass' })).toBeVisible();
  await expect(page.getByLabel('Display name')).toHaveValue('Paula P. Pass');

  await page.goto('/me/password');
  await page.getByLabel('Current password').fill('wrong password 000');
  await page.getByRole('textbox', { name: 'New password', exact: true }).fill('second password 456');
  await page.getByLabel('Repeat the new password').fill('second password 456');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel('Current password').fill('first password 123');
  await page.getByRole('textbox', { name: 'New password', exact: true }).fill('second password 456');
  await page.getByLabel('Repeat the new password').fill('second password 456');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('Your password has been changed.')).toBeVisible();

  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page.getByRole('link', { name: 'Log in' })).toBeVisible();
  await page.goto('/login');
  await fill(page, { 'E-mail address': email, Password: 'first password 123' });
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert')).toContainText('E-mail address or password is not correct.');
  await expectAccessible(page);
  await logIn(page, email, 'second password 456');
});

test('members-only pages ask anonymous visitors to log in, and bring them back after', async ({ page }) => {
  for (const path of ['/me', '/me/ideas', '/ideas/new']) {
    const res = await page.goto(path);
    expect(res?.status()).toBe(401);
    await expect(page.getByRole('heading', { name: 'Members only' })).toBeVisible();
  }
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Log in' }).last().click();
  await expect(page).toHaveURL(/\/login\?next=%2Fideas%2Fnew|\/login\?next=\/ideas\/new/);
  await expectAccessible(page);
  await fill(page, { 'E-mail address': 'anna@demo.civic-innovation.invalid', Password: 'demo-password' });
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/ideas\/new$/);
  await expect(page.getByRole('heading', { name: 'Share a new idea' })).toBeVisible();
});
